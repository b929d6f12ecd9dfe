import "server-only";
import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { db, sqlite } from "@/server/db";
import { toFtsQuery } from "@/server/logs/fts-query";

/**
 * Long-term memory of an agent, per user: plain rows in AgentMemory, searched with the FTS5
 * index agent_memory_fts (BM25). Vectors join with the RAG issue; until then search is lexical.
 */
export const MEMORY_MAX_CHARS = 4000;

const contentSchema = z.string().trim().min(1, "A memory cannot be empty.").max(MEMORY_MAX_CHARS, `A memory is at most ${MEMORY_MAX_CHARS} characters.`);

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
  return db.agentMemory.create({ data: m, select });
}

/** Best matches first for a query; the newest memories when the query has no words. */
export async function searchMemory(input: { agentId: string; userId: string; query?: string; limit?: number }): Promise<MemoryItem[]> {
  const q = searchInput.parse(input);
  const fts = toFtsQuery(q.query);
  if (!fts) {
    return db.agentMemory.findMany({ where: { agentId: q.agentId, userId: q.userId }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: q.limit, select });
  }
  const raw = await sqlite();
  const ids = raw
    .prepare(
      `SELECT m.id AS id FROM agent_memory_fts JOIN "AgentMemory" m ON m.id = agent_memory_fts.rowid
       WHERE agent_memory_fts MATCH ? AND m.agentId = ? AND m.userId = ? ORDER BY rank LIMIT ?`,
    )
    .all(fts, q.agentId, q.userId, q.limit)
    // Prisma's connection reads integers as BigInt.
    .map((r) => ({ id: Number((r as { id: number | bigint }).id) }));
  if (ids.length === 0) return [];
  const rows = await db.agentMemory.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((r) => byId.get(r.id)).filter((r): r is MemoryItem => r !== undefined);
}

/** Edits one of the user's memories of the agent; another user's memory is "not found". */
export async function updateMemory(input: { id: number; agentId: string; userId: string; content: string }): Promise<MemoryItem> {
  const content = contentSchema.parse(input.content);
  const found = await db.agentMemory.updateMany({ where: { id: input.id, agentId: input.agentId, userId: input.userId }, data: { content } });
  if (found.count === 0) throw new NotFoundError("That memory");
  return db.agentMemory.findUniqueOrThrow({ where: { id: input.id }, select });
}

export async function deleteMemory(input: { id: number; agentId: string; userId: string }): Promise<void> {
  const found = await db.agentMemory.deleteMany({ where: { id: input.id, agentId: input.agentId, userId: input.userId } });
  if (found.count === 0) throw new NotFoundError("That memory");
}

export async function countMemories(agentId: string, userId: string): Promise<number> {
  return db.agentMemory.count({ where: { agentId, userId } });
}
