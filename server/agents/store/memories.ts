import "server-only";
import { db, preparedStatement } from "@/server/db";
import { type Column, columnList, type ExternalTable } from "@/server/db/sql";

/**
 * The AgentMemory table and its FTS5 index agent_memory_fts (external content: the index's rowid
 * is the memory's id, kept in step by the triggers of the agents migration). Prisma cannot speak
 * FTS5, so the word search is a raw statement.
 */
export interface MemoryRow {
  id: number;
  content: string;
  createdAt: Date;
  updatedAt: Date;
}

const select = { id: true, content: true, createdAt: true, updatedAt: true } as const;

const FTS = "agent_memory_fts" satisfies ExternalTable;

/** One checked AgentMemory column, quoted. */
const column = (name: Column<"AgentMemory">) => columnList("AgentMemory", [name]);

const matchingMemoryIds = preparedStatement<[string, string, string, number]>(
  `SELECT m.${column("id")} AS id FROM ${FTS} JOIN "AgentMemory" m ON m.${column("id")} = ${FTS}.rowid
   WHERE ${FTS} MATCH ? AND m.${column("agentId")} = ? AND m.${column("userId")} = ? ORDER BY rank LIMIT ?`,
);

const memoriesByOwner = preparedStatement<[string, string]>(
  `SELECT ${columnList("AgentMemory", ["id", "content"])} FROM "AgentMemory" WHERE ${column("agentId")} = ? AND ${column("userId")} = ?`,
);

export async function insertAgentMemory(data: {
  agentId: string;
  userId: string;
  content: string;
}): Promise<MemoryRow> {
  return db.agentMemory.create({ data, select });
}

/** The newest memories of the agent for the user. */
export async function listRecentMemoriesByOwner({
  agentId,
  userId,
  limit,
}: {
  agentId: string;
  userId: string;
  limit: number;
}): Promise<MemoryRow[]> {
  return db.agentMemory.findMany({
    where: { agentId, userId },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit,
    select,
  });
}

/** Ids of the agent's memories for the user matching an FTS5 query, best (BM25) first. */
export async function listMemoryIdsByFtsQuery({
  fts,
  agentId,
  userId,
  limit,
}: {
  fts: string;
  agentId: string;
  userId: string;
  limit: number;
}): Promise<number[]> {
  const rows = (await matchingMemoryIds()).all(fts, agentId, userId, limit) as { id: number }[];
  return rows.map((r) => r.id);
}

/** Every memory of the agent for the user, ids and text only (to embed those without a vector). */
export async function listMemoryTextsByOwner({
  agentId,
  userId,
}: {
  agentId: string;
  userId: string;
}): Promise<{ id: number; content: string }[]> {
  return (await memoriesByOwner()).all(agentId, userId) as { id: number; content: string }[];
}

/** The agent's memories for the user among these ids, in no particular order. */
export async function listMemoriesByIds({
  ids,
  agentId,
  userId,
}: {
  ids: number[];
  agentId: string;
  userId: string;
}): Promise<MemoryRow[]> {
  return db.agentMemory.findMany({ where: { id: { in: ids }, agentId, userId }, select });
}

/** Changes the memory's text if it is the agent's for the user; null when it is not. */
export async function updateMemoryContentByOwner({
  id,
  agentId,
  userId,
  content,
}: {
  id: number;
  agentId: string;
  userId: string;
  content: string;
}): Promise<MemoryRow | null> {
  const found = await db.agentMemory.updateMany({ where: { id, agentId, userId }, data: { content } });
  if (found.count === 0) return null;
  return db.agentMemory.findUniqueOrThrow({ where: { id }, select });
}

/** Deletes the memory if it is the agent's for the user; false when it is not. */
export async function deleteMemoryByOwner({
  id,
  agentId,
  userId,
}: {
  id: number;
  agentId: string;
  userId: string;
}): Promise<boolean> {
  const found = await db.agentMemory.deleteMany({ where: { id, agentId, userId } });
  return found.count > 0;
}

export async function countMemoriesByOwner({ agentId, userId }: { agentId: string; userId: string }): Promise<number> {
  return db.agentMemory.count({ where: { agentId, userId } });
}
