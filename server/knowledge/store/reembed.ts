import "server-only";
import { preparedStatement } from "@/server/db";
import { type Column, sqlTime } from "@/server/db/sql";
import { assignments, column } from "@/server/knowledge/store/columns";
import { appVectorStore } from "@/server/knowledge/store/vectors";

/**
 * kb_reembed_vec: new vectors wait here until every chunk of the namespace has one; the
 * namespace keeps answering from its old vectors meanwhile and switches in one transaction. A
 * plain table created at run time, not a vec0 one: with the same dimension the vec0 table's rowid
 * (the chunk id) is already taken by the old vector.
 */

const chunk = (name: Column<"KbChunk">) => column("KbChunk", name);

const createStaging = preparedStatement(
  `CREATE TABLE IF NOT EXISTS kb_reembed_vec (namespaceId TEXT NOT NULL, chunkId INTEGER NOT NULL, embedding BLOB NOT NULL, PRIMARY KEY (namespaceId, chunkId)) WITHOUT ROWID`,
);
const NOT_STAGED = `NOT EXISTS (SELECT 1 FROM kb_reembed_vec s WHERE s.namespaceId = c.${chunk("namespaceId")} AND s.chunkId = c.${chunk("id")})`;
const clearStaged = preparedStatement<[string]>(`DELETE FROM kb_reembed_vec WHERE namespaceId = ?`);
const remainingCount = preparedStatement<[string]>(
  `SELECT COUNT(*) AS n FROM "KbChunk" c WHERE c.${chunk("namespaceId")} = ? AND ${NOT_STAGED}`,
);
const stagedCount = preparedStatement<[string]>(
  `SELECT COUNT(*) AS n FROM kb_reembed_vec s JOIN "KbChunk" c ON c.${chunk("id")} = s.chunkId WHERE s.namespaceId = ?`,
);
const unstagedChunks = preparedStatement<[string, number]>(
  `SELECT c.${chunk("id")} AS id, c.${chunk("text")} AS text, c.${chunk("headingPath")} AS headingPath FROM "KbChunk" c
   WHERE c.${chunk("namespaceId")} = ? AND ${NOT_STAGED} ORDER BY c.${chunk("id")} LIMIT ?`,
);
const stageVector = preparedStatement<[string, number, Buffer]>(
  `INSERT OR REPLACE INTO kb_reembed_vec (namespaceId, chunkId, embedding) VALUES (?, ?, ?)`,
);
const stagedPage = preparedStatement<[string, number]>(
  `SELECT s.chunkId AS id, s.embedding FROM kb_reembed_vec s
   JOIN "KbChunk" c ON c.${chunk("id")} = s.chunkId AND c.${chunk("namespaceId")} = s.namespaceId
   WHERE s.namespaceId = ? AND s.chunkId > ? ORDER BY s.chunkId LIMIT 1000`,
);
const chunkIdsOfNamespace = preparedStatement<[string]>(
  `SELECT ${chunk("id")} AS id FROM "KbChunk" WHERE ${chunk("namespaceId")} = ?`,
);
const switchEmbedder = preparedStatement(
  `UPDATE "KbNamespace" SET ${assignments("KbNamespace", ["embedderProvider", "embedderModel", "dimension", "bm25Weight", "vectorWeight", "updatedAt"])}
   WHERE ${column("KbNamespace", "id")} = @id`,
);
const markPendingEmbedded = preparedStatement(
  `UPDATE "KbDocument" SET ${assignments("KbDocument", ["embeddedAt", "updatedAt"])}, ${column("KbDocument", "status")} = 'embedded'
   WHERE ${column("KbDocument", "namespaceId")} = @namespaceId AND ${column("KbDocument", "status")} = 'pending' AND ${column("KbDocument", "chunkCount")} > 0`,
);

/** The staging statements, once the table exists. */
async function staging<T>(statement: () => Promise<T>): Promise<T> {
  (await createStaging()).run();
  return statement();
}

export async function deleteStagedVectorsByNamespace({ namespaceId }: { namespaceId: string }): Promise<void> {
  (await staging(clearStaged)).run(namespaceId);
}

/** Chunks with a staged vector, and chunks still waiting for one. */
export async function countStagedVectors({ namespaceId }: { namespaceId: string }) {
  const staged = (await staging(stagedCount)).get(namespaceId) as { n: number };
  const remaining = (await staging(remainingCount)).get(namespaceId) as { n: number };
  return { staged: staged.n, remaining: remaining.n };
}

/** Up to `limit` chunks of the namespace without a staged vector, by id. */
export async function listUnstagedChunks({ namespaceId, limit }: { namespaceId: string; limit: number }) {
  return (await staging(unstagedChunks)).all(namespaceId, limit) as {
    id: number;
    text: string;
    headingPath: string | null;
  }[];
}

/** Stages new vectors for chunks, in one transaction. */
export async function insertStagedVectors({
  namespaceId,
  items,
}: {
  namespaceId: string;
  items: { chunkId: number; vector: Float32Array }[];
}): Promise<void> {
  const insert = await staging(stageVector);
  insert.database.transaction(() => {
    for (const { chunkId, vector } of items)
      insert.run(namespaceId, chunkId, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
  })();
}

/**
 * Switches the namespace to the staged vectors in one transaction: old vectors out, staged ones
 * in, the new embedder, dimension and fusion weights on the namespace, pending documents with
 * chunks marked embedded, the staging emptied. False (nothing changed) when chunks still wait.
 */
export async function switchToStagedVectors(s: {
  namespaceId: string;
  oldDimension: number;
  embedderProvider: string;
  embedderModel: string;
  dimension: number;
  bm25Weight: number;
  vectorWeight: number;
}): Promise<boolean> {
  const [remaining, oldChunks, page, update, markEmbedded, clear] = await Promise.all([
    staging(remainingCount),
    chunkIdsOfNamespace(),
    staging(stagedPage),
    switchEmbedder(),
    markPendingEmbedded(),
    staging(clearStaged),
  ]);
  const vectors = await appVectorStore();
  const now = sqlTime(new Date());
  return vectors.transaction(() => {
    if ((remaining.get(s.namespaceId) as { n: number }).n > 0) return false;
    vectors.remove(
      s.oldDimension,
      (oldChunks.all(s.namespaceId) as { id: number }[]).map((o) => o.id),
    );
    for (let after = -1; ; ) {
      const rows = page.all(s.namespaceId, after) as { id: number; embedding: Buffer }[];
      if (rows.length === 0) break;
      vectors.upsert(
        s.namespaceId,
        s.dimension,
        rows.map((r) => ({
          id: r.id,
          vector: new Float32Array(
            r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength),
          ),
        })),
      );
      after = rows[rows.length - 1]!.id;
    }
    update.run({
      embedderProvider: s.embedderProvider,
      embedderModel: s.embedderModel,
      dimension: s.dimension,
      bm25Weight: s.bm25Weight,
      vectorWeight: s.vectorWeight,
      updatedAt: now,
      id: s.namespaceId,
    });
    markEmbedded.run({ embeddedAt: now, updatedAt: now, namespaceId: s.namespaceId });
    clear.run(s.namespaceId);
    return true;
  });
}
