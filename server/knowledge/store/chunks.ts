import "server-only";
import type { ChunkDraft } from "@/lib/knowledge/types";
import { db, preparedStatement, sqlite } from "@/server/db";
import { type Column, insertSql, sqlTime } from "@/server/db/sql";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { assignments, column } from "@/server/knowledge/store/columns";
import { appVectorStore } from "@/server/knowledge/store/vectors";
import type { VectorStore } from "@/server/knowledge/vector-store";

/**
 * KbChunk rows with their lexical index (kb_chunk_fts, kept in step by the migration's triggers)
 * and vectors. Replacing and removing chunks is raw SQL in one transaction of the shared
 * connection: a bulk ingest writes thousands of rows, which Prisma does one round trip at a time
 * (docs/benchmarks.md).
 */

const CHUNK_FIELDS = [
  "documentId",
  "namespaceId",
  "seq",
  "text",
  "tokens",
  "headingPath",
  "page",
  "lineStart",
  "lineEnd",
  "rowStart",
  "rowEnd",
  "charStart",
  "charEnd",
] as const satisfies readonly Column<"KbChunk">[];

const INDEXED_FIELDS = [
  "title",
  "mime",
  "size",
  "contentHash",
  "metadata",
  "sourcePath",
  "status",
  "error",
  "chunkCount",
  "embeddedAt",
  "updatedAt",
] as const satisfies readonly Column<"KbDocument">[];

const chunkId = column("KbChunk", "id");

const chunkIdsOfDocument = preparedStatement<[string]>(
  `SELECT ${chunkId} AS id FROM "KbChunk" WHERE ${column("KbChunk", "documentId")} = ?`,
);
const chunkIdsOfNamespace = preparedStatement<[string]>(
  `SELECT ${chunkId} AS id FROM "KbChunk" WHERE ${column("KbChunk", "namespaceId")} = ?`,
);
const deleteChunksOfDocument = preparedStatement<[string]>(
  `DELETE FROM "KbChunk" WHERE ${column("KbChunk", "documentId")} = ?`,
);
const insertChunk = preparedStatement(insertSql("KbChunk", CHUNK_FIELDS));
const updateIndexedDocument = preparedStatement(
  `UPDATE "KbDocument" SET ${assignments("KbDocument", INDEXED_FIELDS)} WHERE ${column("KbDocument", "id")} = @id`,
);
const deleteDocumentById = preparedStatement<[string]>(
  `DELETE FROM "KbDocument" WHERE ${column("KbDocument", "id")} = ?`,
);
const deleteNamespaceById = preparedStatement<[string]>(
  `DELETE FROM "KbNamespace" WHERE ${column("KbNamespace", "id")} = ?`,
);
const moveChunksOfDocument = preparedStatement(
  `UPDATE "KbChunk" SET ${assignments("KbChunk", ["namespaceId"])} WHERE ${column("KbChunk", "documentId")} = @documentId`,
);
const moveDocument = preparedStatement(
  `UPDATE "KbDocument" SET ${assignments("KbDocument", ["namespaceId", "updatedAt"])} WHERE ${column("KbDocument", "id")} = @id`,
);

const ids = (rows: unknown[]) => (rows as { id: number }[]).map((r) => r.id);

export interface ChunkReplacement {
  documentId: string;
  namespace: Pick<KbNamespace, "id" | "dimension">;
  chunks: ChunkDraft[];
  vectors: Float32Array[] | null;
  fields: {
    title: string;
    mime: string;
    size: number;
    contentHash: string;
    metadata: string;
    sourcePath: string | null;
  };
}

/**
 * The document's chunks, lexical index (triggers) and vectors replaced in one SQLite
 * transaction, with the document's new fields: readers see the old version or the new one.
 */
export async function replaceChunksOfDocument(vectors: VectorStore, r: ChunkReplacement): Promise<void> {
  const [selectOld, deleteOld, insert, update] = await Promise.all([
    chunkIdsOfDocument(),
    deleteChunksOfDocument(),
    insertChunk(),
    updateIndexedDocument(),
  ]);
  const now = sqlTime(new Date());
  vectors.transaction(() => {
    vectors.remove(r.namespace.dimension, ids(selectOld.all(r.documentId)));
    deleteOld.run(r.documentId);
    const items: { id: number; vector: Float32Array }[] = [];
    r.chunks.forEach((c, i) => {
      const info = insert.run({
        documentId: r.documentId,
        namespaceId: r.namespace.id,
        seq: c.seq,
        text: c.text,
        tokens: c.tokens,
        headingPath: c.headingPath ?? null,
        page: c.page ?? null,
        lineStart: c.lineStart ?? null,
        lineEnd: c.lineEnd ?? null,
        rowStart: c.rowStart ?? null,
        rowEnd: c.rowEnd ?? null,
        charStart: c.charStart,
        charEnd: c.charEnd,
      });
      if (r.vectors) items.push({ id: Number(info.lastInsertRowid), vector: r.vectors[i]! });
    });
    vectors.upsert(r.namespace.id, r.namespace.dimension, items);
    update.run({
      ...r.fields,
      status: r.vectors ? "embedded" : "pending",
      error: null,
      chunkCount: r.chunks.length,
      embeddedAt: r.vectors ? now : null,
      updatedAt: now,
      id: r.documentId,
    });
  });
}

/** Removes documents with their chunks, lexical entries and vectors: all of them or none. */
export async function deleteDocumentsWithVectors(documents: { id: string; dimension: number }[]): Promise<void> {
  const [selectChunks, deleteDocument] = await Promise.all([chunkIdsOfDocument(), deleteDocumentById()]);
  const vectors = await appVectorStore();
  vectors.transaction(() => {
    for (const d of documents) {
      vectors.remove(d.dimension, ids(selectChunks.all(d.id)));
      deleteDocument.run(d.id);
    }
  });
}

/** Deletes a namespace with its documents, chunks (cascade) and vectors in one transaction. */
export async function deleteNamespaceWithVectors(ns: Pick<KbNamespace, "id" | "dimension">): Promise<void> {
  const [selectChunks, deleteNamespace] = await Promise.all([chunkIdsOfNamespace(), deleteNamespaceById()]);
  const vectors = await appVectorStore();
  vectors.transaction(() => {
    vectors.remove(ns.dimension, ids(selectChunks.all(ns.id)));
    deleteNamespace.run(ns.id);
  });
}

/**
 * Moves documents to another namespace (same embedder) with their chunks and vectors, in one
 * transaction. vec0 keeps the partition key fixed per row, so each vector is re-inserted.
 */
export async function moveDocumentsWithVectors({
  documentIds,
  to,
}: {
  documentIds: string[];
  to: Pick<KbNamespace, "id" | "dimension">;
}): Promise<void> {
  const [selectChunks, moveChunks, move] = await Promise.all([
    chunkIdsOfDocument(),
    moveChunksOfDocument(),
    moveDocument(),
  ]);
  const vectors = await appVectorStore();
  const now = sqlTime(new Date());
  vectors.transaction(() => {
    for (const documentId of documentIds) {
      const stored = vectors.vectorsByIds(to.dimension, ids(selectChunks.all(documentId)));
      vectors.upsert(
        to.id,
        to.dimension,
        [...stored].map(([id, vector]) => ({ id, vector })),
      );
      moveChunks.run({ namespaceId: to.id, documentId });
      move.run({ namespaceId: to.id, updatedAt: now, id: documentId });
    }
  });
}

/** Rebuilds the lexical index from the chunks and merges its segments. */
export async function rebuildLexicalIndex(): Promise<void> {
  (await sqlite()).exec(
    `INSERT INTO kb_chunk_fts(kb_chunk_fts) VALUES('rebuild'); INSERT INTO kb_chunk_fts(kb_chunk_fts) VALUES('optimize');`,
  );
}

/** Removes vectors whose chunk no longer exists, in every dimension; how many. */
export async function purgeOrphanVectors(): Promise<number> {
  const vectors = await appVectorStore();
  let removed = 0;
  for (const dim of vectors.dimensions()) removed += vectors.purgeOrphans(dim);
  return removed;
}

export async function countChunks({ namespaceId }: { namespaceId?: string } = {}): Promise<number> {
  return db.kbChunk.count({ where: { namespaceId } });
}

export async function countChunksByNamespace(): Promise<Map<string, number>> {
  const rows = await db.kbChunk.groupBy({ by: ["namespaceId"], _count: { _all: true } });
  return new Map(rows.map((r) => [r.namespaceId, r._count._all]));
}

export async function sumTokensByDocument({ documentId }: { documentId: string }): Promise<number> {
  const sum = await db.kbChunk.aggregate({ where: { documentId }, _sum: { tokens: true } });
  return sum._sum.tokens ?? 0;
}

/** The first chunks of a document in order (ids only). */
export async function listFirstChunkIdsByDocument({
  documentId,
  limit,
}: {
  documentId: string;
  limit: number;
}): Promise<number[]> {
  const rows = await db.kbChunk.findMany({
    where: { documentId },
    orderBy: { seq: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((c) => c.id);
}

export async function getChunkSeqByDocument({ id, documentId }: { id: number; documentId: string }) {
  const chunk = await db.kbChunk.findFirst({ where: { id, documentId }, select: { seq: true } });
  return chunk?.seq ?? null;
}

/** How many of the document's chunks (containing `q`, when given) come before `seq`. */
export async function countChunksBeforeSeq({ documentId, q, seq }: { documentId: string; q?: string; seq: number }) {
  return db.kbChunk.count({ where: { documentId, ...(q ? { text: { contains: q } } : {}), seq: { lt: seq } } });
}

/** A page of a document's chunks (containing `q`, when given) in order, and how many there are. */
export async function listChunksByDocument({
  documentId,
  q,
  offset,
  limit,
}: {
  documentId: string;
  q?: string;
  offset: number;
  limit: number;
}) {
  const where = { documentId, ...(q ? { text: { contains: q } } : {}) };
  const [items, total] = await db.$transaction([
    db.kbChunk.findMany({
      where,
      orderBy: { seq: "asc" },
      skip: offset,
      take: limit,
      select: {
        id: true,
        seq: true,
        text: true,
        tokens: true,
        headingPath: true,
        page: true,
        lineStart: true,
        lineEnd: true,
        rowStart: true,
        rowEnd: true,
        charStart: true,
        charEnd: true,
      },
    }),
    db.kbChunk.count({ where }),
  ]);
  return { items, total };
}
