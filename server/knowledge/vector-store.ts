import "server-only";
import type { Database } from "better-sqlite3";
import { QuantizedIndex } from "@/server/knowledge/quantized-index";

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
  /** Vectors whose chunk no longer exists (left by a deleted namespace), removed. */
  purgeOrphans(dimension: number): number;
  dimensions(): number[];
}

function tableName(dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 8192) throw new RangeError(`Invalid vector dimension ${dimension}.`);
  return `kb_vec_${dimension}`;
}

function blob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

interface CachedIndex {
  index: QuantizedIndex;
  dataVersion: number;
  writes: number;
}

// One in-memory index per namespace and dimension, valid while nothing was written: `writes`
// counts this process's writes, PRAGMA data_version changes when another process (the CLI) commits.
const cache = new Map<string, CachedIndex>();
let writes = 0;
// Dimensions whose vec0 table exists, per connection (creating it is not free even with IF NOT EXISTS).
const ready = new WeakMap<Database, Set<number>>();

/**
 * sqlite-vec in the app's SQLite file: one vec0 table per dimension (created on first use), the
 * namespace as partition key, cosine distance. Searches go through a quantized in-memory index
 * built from these tables (see quantized-index.ts), whose 8-bit distances are within about 0.001
 * of the exact ones.
 */
export class SqliteVecStore implements VectorStore {
  constructor(private readonly db: Database) {}

  private table(dimension: number): string {
    const name = tableName(dimension);
    if (!ready.get(this.db)?.has(dimension)) {
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(namespace_id text partition key, embedding float[${dimension}] distance_metric=cosine)`);
      ready.set(this.db, new Set([...(ready.get(this.db) ?? []), dimension]));
    }
    return name;
  }

  upsert(namespaceId: string, dimension: number, items: { id: number; vector: Float32Array }[]): void {
    if (items.length === 0) return;
    const name = this.table(dimension);
    const del = this.db.prepare(`DELETE FROM ${name} WHERE rowid = ?`);
    const ins = this.db.prepare(`INSERT INTO ${name}(rowid, namespace_id, embedding) VALUES (?, ?, ?)`);
    writes++;
    for (const { id, vector } of items) {
      if (vector.length !== dimension) throw new RangeError(`A vector has ${vector.length} dimensions; the namespace holds ${dimension}.`);
      del.run(BigInt(id));
      ins.run(BigInt(id), namespaceId, blob(vector));
    }
  }

  remove(dimension: number, ids: number[]): void {
    if (ids.length === 0) return;
    writes++;
    const del = this.db.prepare(`DELETE FROM ${this.table(dimension)} WHERE rowid = ?`);
    for (const id of ids) del.run(BigInt(id));
  }

  search(namespaceId: string, dimension: number, vector: Float32Array, k: number): VectorHit[] {
    return this.index(namespaceId, dimension).search(vector, Math.max(1, Math.min(4096, k)));
  }

  private index(namespaceId: string, dimension: number): QuantizedIndex {
    const key = `${namespaceId}:${dimension}`;
    const dataVersion = this.db.pragma("data_version", { simple: true }) as number;
    const hit = cache.get(key);
    if (hit && hit.dataVersion === dataVersion && hit.writes === writes) return hit.index;
    const rows = this.db
      .prepare(`SELECT rowid AS id, embedding FROM ${this.table(dimension)} WHERE namespace_id = ?`)
      .safeIntegers(false)
      .all(namespaceId) as { id: number; embedding: Buffer }[];
    const ids = Int32Array.from(rows, (r) => r.id);
    const index = new QuantizedIndex(dimension, ids, (i) => {
      const b = rows[i]!.embedding;
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    });
    cache.set(key, { index, dataVersion, writes });
    return index;
  }

  distances(namespaceId: string, dimension: number, ids: number[], vector: Float32Array): Map<number, number> {
    return ids.length ? this.index(namespaceId, dimension).distances(vector, ids) : new Map();
  }

  purgeOrphans(dimension: number): number {
    const name = this.table(dimension);
    const orphans = this.db.prepare(`SELECT rowid AS id FROM ${name} WHERE rowid NOT IN (SELECT id FROM KbChunk)`).safeIntegers(false).all() as { id: number | bigint }[];
    this.remove(dimension, orphans.map((o) => Number(o.id)));
    return orphans.length;
  }

  dimensions(): number[] {
    const rows = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'kb_vec_[0-9]*' AND name NOT GLOB 'kb_vec_*_*'`).safeIntegers(false).all() as { name: string }[];
    return rows.map((r) => Number(r.name.slice("kb_vec_".length))).filter(Number.isInteger);
  }
}
