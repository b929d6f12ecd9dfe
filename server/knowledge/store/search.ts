import "server-only";
import { preparedStatement } from "@/server/db";
import { type Column, columnList } from "@/server/db/sql";
import { aliasedColumns, column } from "@/server/knowledge/store/columns";

/**
 * The retrieval's statements: BM25 over kb_chunk_fts (FTS5, which Prisma cannot speak) and the
 * lookups around it, prepared once per connection because each search runs several
 * (docs/benchmarks.md). Id lists travel as one JSON array (json_each), so one statement serves
 * any number of ids.
 */

const chunk = (name: Column<"KbChunk">) => column("KbChunk", name);
const doc = (name: Column<"KbDocument">) => column("KbDocument", name);

const allowedDocuments = preparedStatement(
  `SELECT ${doc("id")} AS id FROM "KbDocument" WHERE ${doc("namespaceId")} = @namespaceId
   AND (@documentIds IS NULL OR ${doc("id")} IN (SELECT value FROM json_each(@documentIds)))
   AND NOT EXISTS (SELECT 1 FROM json_each(@metadata) m
     WHERE json_extract(${doc("metadata")}, json_extract(m.value, '$[0]')) IS NOT json_extract(m.value, '$[1]'))`,
);

const rankedChunks = preparedStatement<[string, number]>(
  `SELECT rowid AS chunkId, bm25(kb_chunk_fts) AS score FROM kb_chunk_fts WHERE kb_chunk_fts MATCH ? ORDER BY score LIMIT ?`,
);

const rankedChunksOfNamespace = preparedStatement<[string, string, number]>(
  `SELECT c.${chunk("id")} AS chunkId, c.${chunk("documentId")} AS documentId, bm25(kb_chunk_fts) AS score
   FROM kb_chunk_fts JOIN "KbChunk" c ON c.${chunk("id")} = kb_chunk_fts.rowid
   WHERE kb_chunk_fts MATCH ? AND c.${chunk("namespaceId")} = ? ORDER BY score LIMIT ?`,
);

// The namespace is returned rather than compared in SQL so SQLite looks the ids up by primary key.
const chunkDocuments = preparedStatement<[string]>(
  `SELECT ${columnList("KbChunk", ["id", "documentId", "namespaceId"])} FROM "KbChunk"
   WHERE ${chunk("id")} IN (SELECT value FROM json_each(?))`,
);

const HIT_CHUNK_FIELDS = [
  "id",
  "text",
  "headingPath",
  "page",
  "lineStart",
  "lineEnd",
  "rowStart",
  "rowEnd",
  "charStart",
  "charEnd",
] as const satisfies readonly Column<"KbChunk">[];

const hitRows = preparedStatement<[string]>(
  `SELECT ${aliasedColumns("c", "KbChunk", HIT_CHUNK_FIELDS)}, ${aliasedColumns("d", "KbDocument", ["title", "sourcePath"])}
   FROM "KbChunk" c JOIN "KbDocument" d ON d.${doc("id")} = c.${chunk("documentId")}
   WHERE c.${chunk("id")} IN (SELECT value FROM json_each(?))`,
);

const documentsMatchingText = preparedStatement<[string, string]>(
  `SELECT DISTINCT c.${chunk("documentId")} AS id FROM kb_chunk_fts JOIN "KbChunk" c ON c.${chunk("id")} = kb_chunk_fts.rowid
   WHERE kb_chunk_fts MATCH ? AND c.${chunk("namespaceId")} = ? LIMIT 1000`,
);

/**
 * Ids of the namespace's documents among `documentIds` (when given) whose metadata holds every
 * [JSON path, value] pair.
 */
export async function listAllowedDocumentIds({
  namespaceId,
  documentIds,
  metadata,
}: {
  namespaceId: string;
  documentIds: string[] | null;
  metadata: [path: string, value: string][];
}): Promise<string[]> {
  const rows = (await allowedDocuments()).all({
    namespaceId,
    documentIds: documentIds ? JSON.stringify(documentIds) : null,
    metadata: JSON.stringify(metadata),
  }) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The whole index's best `limit` chunks for an FTS5 query (BM25 scores: lower is better). */
export async function listRankedChunks({ fts, limit }: { fts: string; limit: number }) {
  return (await rankedChunks()).all(fts, limit) as { chunkId: number; score: number }[];
}

/** The same ranking restricted to one namespace in the statement itself. */
export async function listRankedChunksByNamespace({
  fts,
  namespaceId,
  limit,
}: {
  fts: string;
  namespaceId: string;
  limit: number;
}) {
  return (await rankedChunksOfNamespace()).all(fts, namespaceId, limit) as {
    chunkId: number;
    documentId: string;
    score: number;
  }[];
}

/** The document and namespace of each chunk that still exists. */
export async function listChunkDocumentsByIds({ ids }: { ids: number[] }) {
  if (ids.length === 0) return [];
  return (await chunkDocuments()).all(JSON.stringify(ids)) as { id: number; documentId: string; namespaceId: string }[];
}

export interface HitRow {
  id: number;
  text: string;
  headingPath: string | null;
  page: number | null;
  lineStart: number | null;
  lineEnd: number | null;
  rowStart: number | null;
  rowEnd: number | null;
  charStart: number;
  charEnd: number;
  title: string;
  sourcePath: string | null;
}

/** The text, location and document of each chunk shown as a hit. */
export async function listHitRowsByChunkIds({ ids }: { ids: number[] }): Promise<HitRow[]> {
  return (await hitRows()).all(JSON.stringify(ids)) as HitRow[];
}

/** Documents of the namespace whose text matches an FTS5 query (at most 1,000). */
export async function listDocumentIdsByText({ fts, namespaceId }: { fts: string; namespaceId: string }) {
  return ((await documentsMatchingText()).all(fts, namespaceId) as { id: string }[]).map((r) => r.id);
}
