import "server-only";
import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { fuse } from "@/lib/knowledge/fusion";
import { indexMemories, MEMORY_EMBEDDER, nearestMemories, removeMemoryVectors } from "@/server/agents/memory-vectors";
import { db, sqlite } from "@/server/db";
import { defaultWeights } from "@/server/knowledge/namespaces";
import { toFtsQuery } from "@/lib/logs/fts-query";

/**
 * Long-term memory of an agent, per user: plain rows in AgentMemory, searched like the knowledge
 * base: the FTS5 index agent_memory_fts (BM25) fused by weighted reciprocal rank with the
 * memories' vectors (memory-vectors.ts), so a memory is found by its words and, when it shares
 * none with the query, by its meaning.
 */
export const MEMORY_MAX_CHARS = 4000;

const contentSchema = z
  .string()
  .trim()
  .min(1, "A memory cannot be empty.")
  .max(MEMORY_MAX_CHARS, `A memory is at most ${MEMORY_MAX_CHARS} characters.`);

const saveInput = z.object({ agentId: z.string().min(1), userId: z.string().min(1), content: contentSchema });
const searchInput = z.object({
  agentId: z.string().min(1),
  userId: z.string().min(1),
  query: z.string().max(500).default(""),
  limit: z.number().int().min(1).max(200).default(20),
});

export interface MemoryItem {
  id: number;
  content: string;
  createdAt: Date;
  updatedAt: Date;
}

const select = { id: true, content: true, createdAt: true, updatedAt: true } as const;

export async function saveMemory(input: { agentId: string; userId: string; content: string }): Promise<MemoryItem> {
  const m = saveInput.parse(input);
  const saved = await db.agentMemory.create({ data: m, select });
  await indexMemories(await sqlite(), m.agentId, m.userId, [saved]);
  return saved;
}

/** Best matches first for a query; the newest memories when the query has no words. */
export async function searchMemory(input: {
  agentId: string;
  userId: string;
  query?: string;
  limit?: number;
}): Promise<MemoryItem[]> {
  const q = searchInput.parse(input);
  const fts = toFtsQuery(q.query);
  if (!fts) {
    return db.agentMemory.findMany({
      where: { agentId: q.agentId, userId: q.userId },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: q.limit,
      select,
    });
  }
  const raw = await sqlite();
  const lexical = raw
    .prepare(
      `SELECT m.id AS id FROM agent_memory_fts JOIN "AgentMemory" m ON m.id = agent_memory_fts.rowid
       WHERE agent_memory_fts MATCH ? AND m.agentId = ? AND m.userId = ? ORDER BY rank LIMIT ?`,
    )
    .safeIntegers(false)
    .all(fts, q.agentId, q.userId, q.limit) as { id: number }[];
  const semantic = await nearestMemories(raw, q.agentId, q.userId, q.query, q.limit);
  // The offline embedder is weak next to BM25 (see the knowledge base's weights): word matches
  // lead, memories found only by meaning follow.
  const ranked = fuse(
    lexical.map((r) => ({ chunkId: r.id, documentId: "" })),
    semantic.map((r) => ({ chunkId: r.id, documentId: "" })),
    { bm25: 1, vector: defaultWeights(MEMORY_EMBEDDER).vectorWeight },
  );
  const ids = ranked.slice(0, q.limit).map((r) => ({ id: r.chunkId }));
  if (ids.length === 0) return [];
  const rows = await db.agentMemory.findMany({
    where: { id: { in: ids.map((r) => r.id) }, agentId: q.agentId, userId: q.userId },
    select,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((r) => byId.get(r.id)).filter((r): r is MemoryItem => r !== undefined);
}

/** Edits one of the user's memories of the agent; another user's memory is "not found". */
export async function updateMemory(input: {
  id: number;
  agentId: string;
  userId: string;
  content: string;
}): Promise<MemoryItem> {
  const content = contentSchema.parse(input.content);
  const found = await db.agentMemory.updateMany({
    where: { id: input.id, agentId: input.agentId, userId: input.userId },
    data: { content },
  });
  if (found.count === 0) throw new NotFoundError("That memory");
  const updated = await db.agentMemory.findUniqueOrThrow({ where: { id: input.id }, select });
  await indexMemories(await sqlite(), input.agentId, input.userId, [updated]);
  return updated;
}

export async function deleteMemory(input: { id: number; agentId: string; userId: string }): Promise<void> {
  const found = await db.agentMemory.deleteMany({
    where: { id: input.id, agentId: input.agentId, userId: input.userId },
  });
  if (found.count === 0) throw new NotFoundError("That memory");
  removeMemoryVectors(await sqlite(), [input.id]);
}

export async function countMemories(agentId: string, userId: string): Promise<number> {
  return db.agentMemory.count({ where: { agentId, userId } });
}
