import "server-only";
import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { fuse } from "@/lib/knowledge/fusion";
import { indexMemories, MEMORY_EMBEDDER, nearestMemories, removeMemoryVectors } from "@/server/agents/memory-vectors";
import {
  countMemoriesByOwner,
  deleteMemoryByOwner,
  insertAgentMemory,
  listMemoriesByIds,
  listMemoryIdsByFtsQuery,
  listRecentMemoriesByOwner,
  type MemoryRow,
  updateMemoryContentByOwner,
} from "@/server/agents/store/memories";
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

export type MemoryItem = MemoryRow;

export async function saveMemory(input: { agentId: string; userId: string; content: string }): Promise<MemoryItem> {
  const m = saveInput.parse(input);
  const saved = await insertAgentMemory(m);
  await indexMemories(m.agentId, m.userId, [saved]);
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
  if (!fts) return listRecentMemoriesByOwner({ agentId: q.agentId, userId: q.userId, limit: q.limit });
  const lexical = await listMemoryIdsByFtsQuery({ fts, agentId: q.agentId, userId: q.userId, limit: q.limit });
  const semantic = await nearestMemories(q.agentId, q.userId, q.query, q.limit);
  // The offline embedder is weak next to BM25 (see the knowledge base's weights): word matches
  // lead, memories found only by meaning follow.
  const ranked = fuse(
    lexical.map((id) => ({ chunkId: id, documentId: "" })),
    semantic.map((r) => ({ chunkId: r.id, documentId: "" })),
    { bm25: 1, vector: defaultWeights(MEMORY_EMBEDDER).vectorWeight },
  );
  const ids = ranked.slice(0, q.limit).map((r) => r.chunkId);
  if (ids.length === 0) return [];
  const rows = await listMemoriesByIds({ ids, agentId: q.agentId, userId: q.userId });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is MemoryItem => r !== undefined);
}

/** Edits one of the user's memories of the agent; another user's memory is "not found". */
export async function updateMemory(input: {
  id: number;
  agentId: string;
  userId: string;
  content: string;
}): Promise<MemoryItem> {
  const content = contentSchema.parse(input.content);
  const updated = await updateMemoryContentByOwner({ ...input, content });
  if (!updated) throw new NotFoundError("That memory");
  await indexMemories(input.agentId, input.userId, [updated]);
  return updated;
}

export async function deleteMemory(input: { id: number; agentId: string; userId: string }): Promise<void> {
  if (!(await deleteMemoryByOwner(input))) throw new NotFoundError("That memory");
  await removeMemoryVectors([input.id]);
}

export async function countMemories(agentId: string, userId: string): Promise<number> {
  return countMemoriesByOwner({ agentId, userId });
}
