import "server-only";
import { embedderName, type Embedder } from "@/lib/knowledge/embedders/types";
import { listMemoryTextsByOwner } from "@/server/agents/store/memories";
import {
  deleteMemoryVectorsByIds,
  listMemoryIdsWithVectors,
  listNearestMemoryVectors,
  upsertMemoryVectors,
} from "@/server/agents/store/memory-vectors";
import { DEFAULT_EMBEDDER, createEmbedder } from "@/server/knowledge/embedders";
import { logger } from "@/server/logger";

/**
 * Vectors of agent memories, in the same sqlite-vec file as the knowledge base but in tables of
 * their own (agent_memory_vec_<dimension>, ids = AgentMemory ids). One partition per embedder,
 * agent and user, so memories of different users or agents never meet and vectors of two models
 * are never compared. Made with the default embedder (the offline one needs no provider).
 */
export const MEMORY_EMBEDDER = DEFAULT_EMBEDDER;

/**
 * Below this cosine similarity a memory found by its vector only is not offered: the nearest
 * memories are always "found", related or not, and a memory that shares no word with the query
 * must be clearly close in meaning to be worth listing.
 */
export const MEMORY_MIN_SIMILARITY = 0.5;

let embedder: Embedder | null = null;

function memoryEmbedder(): Embedder {
  embedder ??= createEmbedder(MEMORY_EMBEDDER);
  return embedder;
}

function partition(agentId: string, userId: string): string {
  return `${embedderName(MEMORY_EMBEDDER)}|${agentId}|${userId}`;
}

// Embedding is best effort: a memory is saved and found by its words even when no vector can be
// made, so a failure is logged rather than refusing the save.
async function embed(texts: string[]): Promise<Float32Array[] | null> {
  try {
    const vectors = await memoryEmbedder().embedDocuments(texts);
    return vectors.every((v) => v.length === MEMORY_EMBEDDER.dimension) ? vectors : null;
  } catch (err) {
    logger.warn("agents", "Agent memory: embedding failed; the memory is found by its words only.", {
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}

/** Stores (or replaces) the vectors of these memories. */
export async function indexMemories(
  agentId: string,
  userId: string,
  memories: { id: number; content: string }[],
): Promise<void> {
  if (memories.length === 0) return;
  const vectors = await embed(memories.map((m) => m.content));
  if (!vectors) return;
  await upsertMemoryVectors({
    partition: partition(agentId, userId),
    dimension: MEMORY_EMBEDDER.dimension,
    items: memories.map((m, i) => ({ id: m.id, vector: vectors[i]! })),
  });
}

export async function removeMemoryVectors(ids: number[]): Promise<void> {
  await deleteMemoryVectorsByIds({ dimension: MEMORY_EMBEDDER.dimension, ids });
}

// Partitions whose memories saved before vectors existed were embedded in this process.
const backfilled = new Set<string>();

/** Memories of the agent and user that have no vector yet (saved before vectors), embedded once per process. */
async function backfill(agentId: string, userId: string): Promise<void> {
  const key = partition(agentId, userId);
  if (backfilled.has(key)) return;
  const rows = await listMemoryTextsByOwner({ agentId, userId });
  const have = await listMemoryIdsWithVectors({
    partition: key,
    dimension: MEMORY_EMBEDDER.dimension,
    ids: rows.map((r) => r.id),
  });
  const missing = rows.filter((r) => !have.has(r.id));
  for (let i = 0; i < missing.length; i += 64) await indexMemories(agentId, userId, missing.slice(i, i + 64));
  backfilled.add(key);
}

/** The memories nearest in meaning to the query, nearest first, at or above MEMORY_MIN_SIMILARITY. */
export async function nearestMemories(
  agentId: string,
  userId: string,
  query: string,
  limit: number,
): Promise<{ id: number; similarity: number }[]> {
  await backfill(agentId, userId);
  let vector: Float32Array;
  try {
    vector = await memoryEmbedder().embedQuery(query);
  } catch (err) {
    logger.warn("agents", "Agent memory: the query could not be embedded; searching by words only.", {
      error: err instanceof Error ? err.message : String(err),
    });
    return [];
  }
  const hits = await listNearestMemoryVectors({
    partition: partition(agentId, userId),
    dimension: MEMORY_EMBEDDER.dimension,
    vector,
    limit,
  });
  return hits
    .map((h) => ({ id: h.id, similarity: 1 - h.distance }))
    .filter((h) => h.similarity >= MEMORY_MIN_SIMILARITY);
}
