import "server-only";

export interface VectorHit {
  id: number;
  /** Cosine distance: 0 = same direction, 2 = opposite. */
  distance: number;
}

/**
 * Where chunk vectors live. Writes are synchronous so they join the caller's SQLite transaction
 * (a document's chunks and vectors are replaced together); another store (pgvector, Qdrant)
 * would implement the same calls.
 */
export interface VectorStore {
  upsert(namespaceId: string, dimension: number, items: { id: number; vector: Float32Array }[]): void;
  remove(dimension: number, ids: number[]): void;
  /** The k nearest chunks of the namespace, nearest first. */
  search(namespaceId: string, dimension: number, vector: Float32Array, k: number): VectorHit[];
  /** Distances of the given chunks to the vector (for chunks found by BM25 only). */
  distances(namespaceId: string, dimension: number, ids: number[], vector: Float32Array): Map<number, number>;
  /**
   * Runs the writes in one transaction of the store's database; searches see them once it
   * commits, and nothing of them when it throws.
   */
  transaction<T>(fn: () => T): T;
  /** Vectors whose chunk no longer exists (left by a deleted namespace), removed. */
  purgeOrphans(dimension: number): number;
  dimensions(): number[];
}

/** The sqlite-vec implementation, in the knowledge store (agent memories use it too). */
export { SqliteVecStore } from "@/server/knowledge/store/vectors";
