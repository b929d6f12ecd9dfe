import "server-only";
import { AppError } from "@/lib/errors";
import { DEFAULT_NAMESPACES, ensureNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import { countChunksByNamespace, deleteNamespaceWithVectors } from "@/server/knowledge/store/chunks";
import { countDocuments, countDocumentsByNamespace } from "@/server/knowledge/store/documents";
import { getNamespaceByName, listNamespacesByAge, updateNamespaceById } from "@/server/knowledge/store/namespaces";

const isBuiltin = (name: string) => (DEFAULT_NAMESPACES as readonly string[]).includes(name);

/** Every namespace (the four defaults first created if missing) with its counts and fusion weights. */
export async function listNamespaces() {
  for (const name of DEFAULT_NAMESPACES) await ensureNamespace(name);
  const [all, docs, chunks] = await Promise.all([
    listNamespacesByAge(),
    countDocumentsByNamespace(),
    countChunksByNamespace(),
  ]);
  const order = (name: string) =>
    isBuiltin(name)
      ? DEFAULT_NAMESPACES.indexOf(name as (typeof DEFAULT_NAMESPACES)[number])
      : DEFAULT_NAMESPACES.length;
  return all
    .map((ns) => ({
      id: ns.id,
      name: ns.name,
      description: ns.description,
      builtin: isBuiltin(ns.name),
      embedder: `${ns.embedderProvider}:${ns.embedderModel}`,
      dimension: ns.dimension,
      chunkSize: ns.chunkSize,
      chunkOverlap: ns.chunkOverlap,
      bm25Weight: ns.bm25Weight,
      vectorWeight: ns.vectorWeight,
      scoreThreshold: ns.scoreThreshold,
      perDocumentCap: ns.perDocumentCap,
      documents: docs.get(ns.id) ?? 0,
      chunks: chunks.get(ns.id) ?? 0,
    }))
    .sort((a, b) => order(a.name) - order(b.name));
}

function validName(name: string): string {
  const parsed = namespaceNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
  return parsed.data;
}

/** A new namespace with the offline default embedder (its re-embed dialog changes that later). */
export async function createNamespace(name: string, description = "") {
  const valid = validName(name);
  if (await getNamespaceByName({ name: valid }))
    throw new AppError("CONFLICT", `A namespace named "${valid}" already exists.`);
  const ns = await ensureNamespace(valid);
  return description ? updateNamespaceById({ id: ns.id, data: { description } }) : ns;
}

export async function renameNamespace(from: string, to: string) {
  if (isBuiltin(from))
    throw new AppError("BAD_REQUEST", `"${from}" is one of the built-in namespaces; it keeps its name.`);
  const valid = validName(to);
  const ns = await getNamespaceByName({ name: from });
  if (!ns) throw new AppError("NOT_FOUND", `There is no namespace "${from}".`);
  if (await getNamespaceByName({ name: valid }))
    throw new AppError("CONFLICT", `A namespace named "${valid}" already exists.`);
  return updateNamespaceById({ id: ns.id, data: { name: valid } });
}

/** Deletes a user-created namespace with its documents, chunks and vectors in one transaction. */
export async function deleteNamespace(name: string): Promise<{ documents: number }> {
  if (isBuiltin(name))
    throw new AppError(
      "BAD_REQUEST",
      `"${name}" is one of the built-in namespaces and cannot be deleted. Delete its documents instead.`,
    );
  const ns = await getNamespaceByName({ name });
  if (!ns) throw new AppError("NOT_FOUND", `There is no namespace "${name}".`);
  const documents = await countDocuments({ namespaceId: ns.id });
  await deleteNamespaceWithVectors(ns);
  return { documents };
}
