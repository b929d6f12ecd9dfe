import "server-only";
import { sqlite } from "@/server/db";
import { SqliteVecStore } from "@/server/knowledge/store/vectors";
import type { VectorHit } from "@/server/knowledge/vector-store";

/**
 * The sqlite-vec tables of agent memories, agent_memory_vec_<dimension> (created on first use),
 * whose ids are AgentMemory ids. The knowledge base's vec0 store does the SQL; these tables are
 * its own instance on the app's connection. `partition` keeps embedders, agents and users apart.
 */
async function vectors(): Promise<SqliteVecStore> {
  return new SqliteVecStore(await sqlite(), "agent_memory_vec", "AgentMemory");
}

/** Stores (or replaces) the vectors of these memories. */
export async function upsertMemoryVectors({
  partition,
  dimension,
  items,
}: {
  partition: string;
  dimension: number;
  items: { id: number; vector: Float32Array }[];
}): Promise<void> {
  (await vectors()).upsert(partition, dimension, items);
}

export async function deleteMemoryVectorsByIds({
  dimension,
  ids,
}: {
  dimension: number;
  ids: number[];
}): Promise<void> {
  (await vectors()).remove(dimension, ids);
}

/** Which of these memories have a vector in the partition. */
export async function listMemoryIdsWithVectors({
  partition,
  dimension,
  ids,
}: {
  partition: string;
  dimension: number;
  ids: number[];
}): Promise<Set<number>> {
  return (await vectors()).present(partition, dimension, ids);
}

/** The `limit` memories of the partition nearest to the vector, nearest first. */
export async function listNearestMemoryVectors({
  partition,
  dimension,
  vector,
  limit,
}: {
  partition: string;
  dimension: number;
  vector: Float32Array;
  limit: number;
}): Promise<VectorHit[]> {
  return (await vectors()).search(partition, dimension, vector, limit);
}
