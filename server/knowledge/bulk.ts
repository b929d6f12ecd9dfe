import "server-only";
import { stat } from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { getNamespace } from "@/server/knowledge/namespaces";
import { deleteDocumentsWithVectors, moveDocumentsWithVectors } from "@/server/knowledge/store/chunks";
import { findDocumentByPathsOrContents, listDocumentsWithNamespaceByIds } from "@/server/knowledge/store/documents";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";
import { EVENT } from "@/inngest/events/names";

export interface Actor {
  id: string;
  role: string;
}

/** An admin may change any document; a user only those they added. */
async function changeable(actor: Actor, ids: string[]) {
  const docs = await listDocumentsWithNamespaceByIds({ ids });
  if (docs.length !== new Set(ids).size)
    throw new AppError("NOT_FOUND", "Some of the documents no longer exist. Refresh the list and try again.");
  const foreign = docs.filter((d) => actor.role !== "admin" && d.createdById !== actor.id);
  if (foreign.length)
    throw new AppError(
      "FORBIDDEN",
      `Only an admin or the person who added it can change "${foreign[0]!.title}"${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ""}.`,
    );
  return docs;
}

/** Removes documents with their chunks, lexical entries and vectors: all of them or none. */
export async function deleteDocuments(actor: Actor, ids: string[]): Promise<number> {
  const docs = await changeable(actor, ids);
  await deleteDocumentsWithVectors(docs.map((d) => ({ id: d.id, dimension: d.namespace.dimension })));
  return docs.length;
}

/**
 * Moves documents to another namespace with their chunks and vectors, in one transaction. The
 * target must use the same embedder: vectors of different models cannot share an index.
 */
export async function moveDocuments(actor: Actor, ids: string[], target: string): Promise<number> {
  const docs = await changeable(actor, ids);
  const to = await getNamespace(target);
  const mismatch = docs.find(
    (d) =>
      d.namespace.embedderProvider !== to.embedderProvider ||
      d.namespace.embedderModel !== to.embedderModel ||
      d.namespace.dimension !== to.dimension,
  );
  if (mismatch) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `"${mismatch.title}" was embedded with ${mismatch.namespace.embedderProvider}:${mismatch.namespace.embedderModel}; the namespace "${to.name}" uses ${to.embedderProvider}:${to.embedderModel}. Move it to a namespace with the same embedder, or upload it again there.`,
    );
  }
  const moving = docs.filter((d) => d.namespaceId !== to.id);
  const clash = await findDocumentByPathsOrContents({
    namespaceId: to.id,
    sourcePaths: moving.flatMap((d) => (d.sourcePath ? [d.sourcePath] : [])),
    contentHashes: moving.map((d) => d.contentHash),
  });
  if (clash)
    throw new AppError(
      "CONFLICT",
      `The namespace "${to.name}" already holds "${clash.title}" (same file or same content). Delete one of them first.`,
    );
  await moveDocumentsWithVectors({ documentIds: moving.map((d) => d.id), to });
  return moving.length;
}

/**
 * Ingests documents again from their files (a durable task each): failed and pending ones get
 * embedded, changed files are re-indexed, unchanged embedded ones stay as they are. Documents
 * whose file is gone (mail, deleted uploads) are reported, not queued.
 */
export async function reembedDocuments(actor: Actor, ids: string[], send: SendEvent = sendWithInngest) {
  const docs = await changeable(actor, ids);
  const queued: { documentId: string; taskId: string }[] = [];
  const skipped: { documentId: string; title: string; reason: string }[] = [];
  for (const d of docs) {
    const file = d.sourcePath?.startsWith("/") ? d.sourcePath : null;
    const exists = file
      ? await stat(file).then(
          (s) => s.isFile(),
          () => false,
        )
      : false;
    if (!file || !exists) {
      skipped.push({
        documentId: d.id,
        title: d.title,
        reason: file ? `${file} no longer exists.` : "Its source is not a file this app can read again.",
      });
      continue;
    }
    const task = await enqueueTask(
      {
        kind: "ingest",
        title: `Re-embed ${d.title}`,
        eventName: EVENT.ingestDocument,
        data: {
          namespace: d.namespace.name,
          filePath: file,
          source: d.source,
          sourcePath: file,
          createdById: d.createdById ?? undefined,
        },
        ownerId: actor.id,
        originType: "document",
        originId: d.id,
      },
      send,
    );
    queued.push({ documentId: d.id, taskId: task.id });
  }
  return { queued, skipped };
}
