import "server-only";
import type { Database } from "better-sqlite3";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import { db, sqlite } from "@/server/db";
import { sqlTime } from "@/server/db/sql";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder, type EmbedderSpec, parseEmbedderSpec, probeDimension } from "@/server/knowledge/embedders";
import { embeddingText } from "@/server/knowledge/ingest";
import { defaultWeights, getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import { SqliteVecStore } from "@/server/knowledge/vector-store";
import { ACTIVE_STATUSES } from "@/lib/tasks/constants";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";

export const REEMBED_EVENT = "kb/namespace.reembed";

/** Chunks embedded per durable step: big enough to keep the step count low, small enough to resume cheaply. */
export const REEMBED_STEP_CHUNKS = 256;

export const reembedRequestSchema = z.object({
  namespace: namespaceNameSchema,
  provider: z.string().min(1),
  model: z.string().min(1),
  dimension: z.number().int().min(1).max(8192),
});
export type ReembedRequest = z.infer<typeof reembedRequestSchema>;

/**
 * New vectors wait here until every chunk has one; the namespace keeps answering from its old
 * vectors meanwhile and switches in one transaction. A plain table, not a vec0 one: with the same
 * dimension the vec0 table's rowid (the chunk id) is already taken by the old vector.
 */
function staging(raw: Database): Database {
  raw.exec(
    `CREATE TABLE IF NOT EXISTS kb_reembed_vec (namespaceId TEXT NOT NULL, chunkId INTEGER NOT NULL, embedding BLOB NOT NULL, PRIMARY KEY (namespaceId, chunkId)) WITHOUT ROWID`,
  );
  return raw;
}

export async function clearStaging(namespaceId: string): Promise<void> {
  staging(await sqlite())
    .prepare(`DELETE FROM kb_reembed_vec WHERE namespaceId = ?`)
    .run(namespaceId);
}

function remainingCount(raw: Database, namespaceId: string): number {
  const row = raw
    .prepare(
      `SELECT COUNT(*) AS n FROM KbChunk c WHERE c.namespaceId = ? AND NOT EXISTS (SELECT 1 FROM kb_reembed_vec s WHERE s.namespaceId = c.namespaceId AND s.chunkId = c.id)`,
    )
    .safeIntegers(false)
    .get(namespaceId) as { n: number };
  return row.n;
}

export interface ReembedProgress {
  staged: number;
  remaining: number;
}

export async function reembedProgress(namespaceId: string): Promise<ReembedProgress> {
  const raw = staging(await sqlite());
  const staged = raw
    .prepare(`SELECT COUNT(*) AS n FROM kb_reembed_vec s JOIN KbChunk c ON c.id = s.chunkId WHERE s.namespaceId = ?`)
    .safeIntegers(false)
    .get(namespaceId) as { n: number };
  return { staged: staged.n, remaining: remainingCount(raw, namespaceId) };
}

/** What a re-embed costs: every chunk of the namespace goes through the new embedder once. */
export async function estimateReembed(namespace: string) {
  const ns = await getNamespace(namespace);
  const [chunks, documents] = await Promise.all([
    db.kbChunk.count({ where: { namespaceId: ns.id } }),
    db.kbDocument.count({ where: { namespaceId: ns.id } }),
  ]);
  return {
    namespace: ns.name,
    embedder: `${ns.embedderProvider}:${ns.embedderModel}`,
    dimension: ns.dimension,
    chunks,
    documents,
    steps: Math.ceil(chunks / REEMBED_STEP_CHUNKS),
  };
}

/** Embeds up to `limit` chunks that have no new vector yet into the staging table. */
export async function embedNextBatch(
  req: ReembedRequest,
  embedder: Embedder,
  limit = REEMBED_STEP_CHUNKS,
): Promise<ReembedProgress> {
  const ns = await getNamespace(req.namespace);
  const raw = staging(await sqlite());
  const rows = raw
    .prepare(
      `SELECT c.id, c.text, c.headingPath FROM KbChunk c WHERE c.namespaceId = ?
       AND NOT EXISTS (SELECT 1 FROM kb_reembed_vec s WHERE s.namespaceId = c.namespaceId AND s.chunkId = c.id) ORDER BY c.id LIMIT ?`,
    )
    .safeIntegers(false)
    .all(ns.id, limit) as { id: number; text: string; headingPath: string | null }[];
  const insert = raw.prepare(
    `INSERT OR REPLACE INTO kb_reembed_vec (namespaceId, chunkId, embedding) VALUES (?, ?, ?)`,
  );
  for (let i = 0; i < rows.length; i += embedder.batchSize) {
    const batch = rows.slice(i, i + embedder.batchSize);
    const vectors = await embedder.embedDocuments(
      batch.map((c) => embeddingText({ text: c.text, headingPath: c.headingPath ?? undefined })),
    );
    for (const v of vectors) {
      if (v.length !== req.dimension)
        throw new AppError(
          "PRECONDITION_FAILED",
          `${req.provider}:${req.model} returned ${v.length} dimensions instead of ${req.dimension}; the re-embed stopped.`,
        );
    }
    raw.transaction(() =>
      batch.forEach((c, j) =>
        insert.run(ns.id, c.id, Buffer.from(vectors[j]!.buffer, vectors[j]!.byteOffset, vectors[j]!.byteLength)),
      ),
    )();
  }
  return reembedProgress(ns.id);
}

/**
 * Switches the namespace to the new embedder in one transaction: old vectors out, staged ones in,
 * embedder, dimension and the embedder's default fusion weights (the old weights were tuned for
 * the old model) on the namespace. False when chunks arrived meanwhile that still need a vector.
 */
export async function switchNamespace(req: ReembedRequest): Promise<boolean> {
  const ns = await getNamespace(req.namespace);
  const raw = staging(await sqlite());
  const store = new SqliteVecStore(raw);
  const page = raw
    .prepare(
      `SELECT s.chunkId AS id, s.embedding FROM kb_reembed_vec s JOIN KbChunk c ON c.id = s.chunkId AND c.namespaceId = s.namespaceId WHERE s.namespaceId = ? AND s.chunkId > ? ORDER BY s.chunkId LIMIT 1000`,
    )
    .safeIntegers(false);
  const spec: EmbedderSpec = { provider: req.provider, model: req.model };
  const now = sqlTime(new Date());
  return raw.transaction(() => {
    if (remainingCount(raw, ns.id) > 0) return false;
    const old = raw.prepare(`SELECT id FROM KbChunk WHERE namespaceId = ?`).safeIntegers(false).all(ns.id) as {
      id: number;
    }[];
    store.remove(
      ns.dimension,
      old.map((o) => o.id),
    );
    for (let after = -1; ; ) {
      const rows = page.all(ns.id, after) as { id: number; embedding: Buffer }[];
      if (rows.length === 0) break;
      store.upsert(
        ns.id,
        req.dimension,
        rows.map((r) => ({
          id: r.id,
          vector: new Float32Array(
            r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength),
          ),
        })),
      );
      after = rows[rows.length - 1]!.id;
    }
    const w = defaultWeights(spec);
    raw
      .prepare(
        `UPDATE KbNamespace SET embedderProvider = ?, embedderModel = ?, dimension = ?, bm25Weight = ?, vectorWeight = ?, updatedAt = ? WHERE id = ?`,
      )
      .run(req.provider, req.model, req.dimension, w.bm25Weight, w.vectorWeight, now, ns.id);
    raw
      .prepare(
        `UPDATE KbDocument SET status = 'embedded', embeddedAt = ?, updatedAt = ? WHERE namespaceId = ? AND status = 'pending' AND chunkCount > 0`,
      )
      .run(now, now, ns.id);
    raw.prepare(`DELETE FROM kb_reembed_vec WHERE namespaceId = ?`).run(ns.id);
    return true;
  })();
}

/** The namespace's running (or queued) re-embed task, if any. */
export async function activeReembed(namespace: string) {
  return db.task.findFirst({
    where: { eventName: REEMBED_EVENT, originId: namespace, status: { in: [...ACTIVE_STATUSES] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, progress: true, progressMessage: true, title: true, createdAt: true },
  });
}

/** The namespace's latest re-embed task (running or finished), for the dialog's progress. */
export async function latestReembed(namespace: string) {
  return db.task.findFirst({
    where: { eventName: REEMBED_EVENT, originId: namespace },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      status: true,
      progress: true,
      progressMessage: true,
      error: true,
      title: true,
      createdAt: true,
      finishedAt: true,
    },
  });
}

/**
 * Starts a guided re-embed: the new embedder is tried first (a wrong model or an unreachable
 * server is reported now, not minutes later), then a durable task embeds every chunk.
 */
export async function startReembed(
  input: { namespace: string; embedder: string; ownerId: string | null },
  send: SendEvent = sendWithInngest,
) {
  const ns: KbNamespace = await getNamespace(input.namespace);
  const spec = parseEmbedderSpec(input.embedder);
  if (spec.provider === ns.embedderProvider && spec.model === ns.embedderModel) {
    throw new AppError("BAD_REQUEST", `The namespace "${ns.name}" already uses ${input.embedder}.`);
  }
  if (await activeReembed(ns.name))
    throw new AppError(
      "CONFLICT",
      `The namespace "${ns.name}" is already being re-embedded: wait for it or cancel it.`,
    );
  const dimension = await probeDimension(createEmbedder(spec));
  await clearStaging(ns.id);
  const data: ReembedRequest = { namespace: ns.name, provider: spec.provider, model: spec.model, dimension };
  return enqueueTask(
    {
      kind: "ingest",
      title: `Re-embed "${ns.name}" with ${spec.provider}:${spec.model}`,
      eventName: REEMBED_EVENT,
      data,
      ownerId: input.ownerId,
      originType: "namespace",
      originId: ns.name,
    },
    send,
  );
}
