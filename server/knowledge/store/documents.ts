import "server-only";
import { db, preparedStatement } from "@/server/db";
import { type Column, columnList, insertSql, rowDefaults } from "@/server/db/sql";
import { column } from "@/server/knowledge/store/columns";

/**
 * KbDocument rows. The ingest's lookups and the insert of a new document are prepared statements
 * on the shared connection: a Prisma call costs several times the document's own SQL there
 * (docs/benchmarks.md). Everything else goes through Prisma.
 */

/** What the ingest needs to know about a stored version of a document. */
export interface IngestedDocument {
  id: string;
  contentHash: string;
  status: string;
  chunkCount: number;
  metadata: string;
}

const INGESTED = columnList("KbDocument", ["id", "contentHash", "status", "chunkCount", "metadata"]);
const doc = (name: Column<"KbDocument">) => column("KbDocument", name);

const documentBySourcePath = preparedStatement<[string, string]>(
  `SELECT ${INGESTED} FROM "KbDocument" WHERE ${doc("namespaceId")} = ? AND ${doc("sourcePath")} = ? LIMIT 1`,
);
const documentByContent = preparedStatement<[string, string, string]>(
  `SELECT ${INGESTED} FROM "KbDocument" WHERE ${doc("namespaceId")} = ? AND ${doc("contentHash")} = ? AND ${doc("status")} <> 'failed' AND ${doc("id")} <> ? LIMIT 1`,
);
const NEW_DOCUMENT_FIELDS = [
  "id",
  "namespaceId",
  "title",
  "source",
  "sourcePath",
  "mime",
  "size",
  "contentHash",
  "status",
  "metadata",
  "chunkCount",
  "createdById",
  "createdAt",
  "updatedAt",
] as const satisfies readonly Column<"KbDocument">[];
const insertDocument = preparedStatement(insertSql("KbDocument", NEW_DOCUMENT_FIELDS));

export async function getIngestedDocumentBySourcePath({
  namespaceId,
  sourcePath,
}: {
  namespaceId: string;
  sourcePath: string;
}): Promise<IngestedDocument | null> {
  return ((await documentBySourcePath()).get(namespaceId, sourcePath) as IngestedDocument | undefined) ?? null;
}

/** Another document of the namespace with these bytes (not a failed one). */
export async function getIngestedDocumentByContent({
  namespaceId,
  contentHash,
  exceptId,
}: {
  namespaceId: string;
  contentHash: string;
  exceptId: string | null;
}): Promise<IngestedDocument | null> {
  const row = (await documentByContent()).get(namespaceId, contentHash, exceptId ?? "");
  return (row as IngestedDocument | undefined) ?? null;
}

/** A new document, pending until its chunks are stored. */
export async function insertPendingDocument(d: {
  namespaceId: string;
  title: string;
  source: string;
  sourcePath: string | null;
  mime: string;
  size: number;
  contentHash: string;
  metadata: string;
  createdById: string | null;
}): Promise<IngestedDocument> {
  const row = { ...rowDefaults(), ...d, status: "pending", chunkCount: 0 };
  (await insertDocument()).run(row);
  return { id: row.id, contentHash: d.contentHash, status: "pending", chunkCount: 0, metadata: d.metadata };
}

/** A failed re-index of a document whose earlier version stays searchable: only the error is kept. */
export async function updateDocumentErrorById({ id, error }: { id: string; error: string }): Promise<void> {
  await db.kbDocument.update({ where: { id }, data: { error } });
}

/** A document with no usable version: failed, with the error and the bytes it was tried with. */
export async function markDocumentFailedById({
  id,
  error,
  size,
  contentHash,
}: {
  id: string;
  error: string;
  size: number;
  contentHash?: string;
}): Promise<void> {
  await db.kbDocument.update({ where: { id }, data: { status: "failed", error, size, contentHash } });
}

export async function updateDocumentMetadataById({ id, metadata }: { id: string; metadata: string }): Promise<void> {
  await db.kbDocument.update({ where: { id }, data: { metadata } });
}

/** A document with its namespace, or null. */
export async function getDocumentWithNamespaceById({ id }: { id: string }) {
  return db.kbDocument.findUnique({ where: { id }, include: { namespace: true } });
}

export async function listDocumentsWithNamespaceByIds({ ids }: { ids: string[] }) {
  return db.kbDocument.findMany({ where: { id: { in: ids } }, include: { namespace: true } });
}

/** A document of the namespace at one of these paths or with one of these contents. */
export async function findDocumentByPathsOrContents({
  namespaceId,
  sourcePaths,
  contentHashes,
}: {
  namespaceId: string;
  sourcePaths: string[];
  contentHashes: string[];
}) {
  return db.kbDocument.findFirst({
    where: {
      namespaceId,
      OR: [{ sourcePath: { in: sourcePaths } }, { contentHash: { in: contentHashes } }],
    },
  });
}

/** A document of the namespace with these bytes that did not fail, for the upload's duplicate check. */
export async function findLiveDocumentByContent({
  namespaceId,
  contentHash,
}: {
  namespaceId: string;
  contentHash: string;
}) {
  return db.kbDocument.findFirst({
    where: { namespaceId, contentHash, status: { not: "failed" } },
    select: { id: true, title: true },
  });
}

export async function listDocumentsBySourcePaths({ sourcePaths }: { sourcePaths: string[] }) {
  return db.kbDocument.findMany({
    where: { sourcePath: { in: sourcePaths } },
    select: { id: true, sourcePath: true, status: true, chunkCount: true },
  });
}

/** Documents read from an absolute path (uploads, watched and app files; mail keeps its own). */
export async function listFileDocuments() {
  const docs = await db.kbDocument.findMany({
    where: { source: { not: "mail" }, sourcePath: { startsWith: "/" } },
    select: { id: true, title: true, sourcePath: true },
  });
  return docs.map((d) => ({ ...d, sourcePath: d.sourcePath! }));
}

/** The documents with their namespace's dimension (what removing their vectors needs). */
export async function listDocumentDimensionsByIds({ ids }: { ids: string[] }) {
  const docs = await db.kbDocument.findMany({
    where: { id: { in: ids } },
    select: { id: true, namespace: { select: { dimension: true } } },
  });
  return docs.map((d) => ({ id: d.id, dimension: d.namespace.dimension }));
}

export async function countDocuments({ namespaceId }: { namespaceId: string }): Promise<number> {
  return db.kbDocument.count({ where: { namespaceId } });
}

export async function countDocumentsByNamespace(): Promise<Map<string, number>> {
  const rows = await db.kbDocument.groupBy({ by: ["namespaceId"], _count: { _all: true } });
  return new Map(rows.map((r) => [r.namespaceId, r._count._all]));
}

export async function countDocumentsByStatus({ namespaceId }: { namespaceId: string }): Promise<Map<string, number>> {
  const rows = await db.kbDocument.groupBy({ by: ["status"], where: { namespaceId }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.status, r._count._all]));
}

/** Each document of the namespace with the path (or title) the evaluation matches answers by. */
export async function listDocumentSourcesByNamespace({ namespaceId }: { namespaceId: string }) {
  return db.kbDocument.findMany({ where: { namespaceId }, select: { id: true, sourcePath: true, title: true } });
}

export async function listDocumentTitlesByIds({ ids }: { ids: string[] }) {
  return db.kbDocument.findMany({ where: { id: { in: ids } }, select: { id: true, title: true, mime: true } });
}
