import "server-only";
import type { Database } from "better-sqlite3";
import { sqlite } from "@/server/db";
import { QuantizedIndex } from "@/server/knowledge/quantized-index";
import type { VectorHit, VectorStore } from "@/server/knowledge/vector-store";

/**
 * The sqlite-vec tables (kb_vec_<dimension> for chunks, other prefixes for other owners) are
 * created at run time, one per dimension, so their names are not known to Prisma or to
 * server/db/sql.ts: their statements are prepared here per table, on the store's connection.
 */

function tableName(prefix: string, dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 8192)
    throw new RangeError(`Invalid vector dimension ${dimension}.`);
  return `${prefix}_${dimension}`;
}

function blob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** The float32 vector at a byte offset of a blob (a view when aligned, else a copy). */
function floats(b: Buffer, offset: number, dimension: number): Float32Array {
  const start = b.byteOffset + offset;
  if (start % 4 === 0) return new Float32Array(b.buffer, start, dimension);
  return new Float32Array(new Uint8Array(b.buffer, start, dimension * 4).slice().buffer);
}

type Delta =
  | { op: "upsert"; key: string; table: string; items: { id: number; vector: Float32Array }[] }
  | { op: "remove"; table: string; ids: number[] };

/**
 * Per connection: one in-memory index per namespace and dimension, built on first search and then
 * kept in step with this connection's writes. A write inside a transaction is held back until
 * `transaction()` sees it commit (a rolled-back one is dropped); writes whose outcome nobody
 * reported (a caller's own transaction) make the next search rebuild. PRAGMA data_version changes
 * when another process (the CLI) commits, which also rebuilds.
 */
interface ConnectionState {
  indexes: Map<string, QuantizedIndex>;
  dataVersion: number | null;
  pending: Delta[];
  /** vec0 tables known to exist (creating one is not free even with IF NOT EXISTS). */
  tables: Set<string>;
}
const states = new WeakMap<Database, ConnectionState>();

function stateOf(db: Database): ConnectionState {
  let s = states.get(db);
  if (!s) {
    s = { indexes: new Map(), dataVersion: null, pending: [], tables: new Set() };
    states.set(db, s);
  }
  return s;
}

function indexKey(table: string, namespaceId: string): string {
  return `${table}:${namespaceId}`;
}

// Ids are unique per table (a chunk id, a memory id), so a removal or a move between namespaces
// touches every index of the table.
function applyDelta(s: ConnectionState, delta: Delta): void {
  const ids = delta.op === "remove" ? delta.ids : delta.items.map((i) => i.id);
  for (const [key, index] of s.indexes)
    if (key.startsWith(`${delta.table}:`) && (delta.op === "remove" || key !== delta.key)) index.remove(ids);
  if (delta.op === "upsert") {
    const index = s.indexes.get(delta.key);
    if (index) for (const { id, vector } of delta.items) index.add(id, vector);
  }
}

/**
 * sqlite-vec in the app's SQLite file: one vec0 table per dimension (created on first use), the
 * namespace as partition key, cosine distance. Searches go through a quantized in-memory index
 * (see quantized-index.ts), whose 8-bit distances are within about 0.001 of the exact ones.
 */
export class SqliteVecStore implements VectorStore {
  private readonly state: ConnectionState;

  /**
   * `prefix` names the vec0 tables (`<prefix>_<dimension>`) and `owner` the table whose integer
   * ids the vectors carry: chunks (kb_vec, KbChunk) by default, agent memories in their own tables.
   */
  constructor(
    private readonly db: Database,
    private readonly prefix = "kb_vec",
    private readonly owner = "KbChunk",
  ) {
    this.state = stateOf(db);
  }

  private table(dimension: number): string {
    const name = tableName(this.prefix, dimension);
    if (!this.state.tables.has(name)) {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(namespace_id text partition key, embedding float[${dimension}] distance_metric=cosine)`,
      );
      this.state.tables.add(name);
    }
    return name;
  }

  private record(delta: Delta): void {
    if (this.db.inTransaction) this.state.pending.push(delta);
    else applyDelta(this.state, delta);
  }

  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    const s = this.state;
    // Writes held back from a transaction this store did not run: their outcome is unknown, so rebuild.
    if (s.pending.length > 0) {
      s.indexes.clear();
      s.pending.length = 0;
    }
    try {
      const out = this.db.transaction(fn)();
      for (const delta of s.pending.splice(0)) applyDelta(s, delta);
      return out;
    } catch (err) {
      s.pending.length = 0;
      throw err;
    }
  }

  upsert(namespaceId: string, dimension: number, items: { id: number; vector: Float32Array }[]): void {
    if (items.length === 0) return;
    const name = this.table(dimension);
    const del = this.db.prepare(`DELETE FROM ${name} WHERE rowid = ?`);
    const ins = this.db.prepare(`INSERT INTO ${name}(rowid, namespace_id, embedding) VALUES (?, ?, ?)`);
    for (const { id, vector } of items) {
      if (vector.length !== dimension)
        throw new RangeError(`A vector has ${vector.length} dimensions; the namespace holds ${dimension}.`);
      del.run(BigInt(id));
      ins.run(BigInt(id), namespaceId, blob(vector));
    }
    this.record({ op: "upsert", key: indexKey(name, namespaceId), table: name, items });
  }

  remove(dimension: number, ids: number[]): void {
    if (ids.length === 0) return;
    const name = this.table(dimension);
    const del = this.db.prepare(`DELETE FROM ${name} WHERE rowid = ?`);
    for (const id of ids) del.run(BigInt(id));
    this.record({ op: "remove", table: name, ids });
  }

  search(namespaceId: string, dimension: number, vector: Float32Array, k: number): VectorHit[] {
    return this.index(namespaceId, dimension).search(vector, Math.max(1, Math.min(4096, k)));
  }

  private index(namespaceId: string, dimension: number): QuantizedIndex {
    const s = this.state;
    // Inside an unfinished transaction the index would not match what this connection sees: build one for this read only.
    if (this.db.inTransaction && s.pending.length > 0) return this.build(namespaceId, dimension);
    const dataVersion = this.db.pragma("data_version", { simple: true }) as number;
    if (s.pending.length > 0 || dataVersion !== s.dataVersion) {
      s.indexes.clear();
      s.pending.length = 0;
      s.dataVersion = dataVersion;
    }
    const key = indexKey(this.table(dimension), namespaceId);
    let index = s.indexes.get(key);
    if (!index) {
      index = this.build(namespaceId, dimension);
      s.indexes.set(key, index);
    }
    return index;
  }

  private build(namespaceId: string, dimension: number): QuantizedIndex {
    const name = this.table(dimension);
    const index = new QuantizedIndex(dimension);
    if (this.readsShadowTables(name)) {
      this.buildFromShadowTables(index, name, namespaceId);
      return index;
    }
    const rows = this.db
      .prepare(`SELECT rowid AS id, embedding FROM ${name} WHERE namespace_id = ?`)
      .safeIntegers(false);
    for (const row of rows.iterate(namespaceId) as Iterable<{ id: number; embedding: Buffer }>)
      index.add(row.id, floats(row.embedding, 0, dimension));
    return index;
  }

  /**
   * vec0 hands its rows out one by one, far too slowly for a large namespace (docs/benchmarks.md).
   * The tables it keeps them in hold 1,024 rows per record: a validity bitmap, the rowids (int64)
   * and the vectors (float32). For the sqlite-vec version whose layout this reads (recorded in
   * <table>_info by the version that created the table), the index is built from those records;
   * any other version goes through vec0.
   */
  private readsShadowTables(name: string): boolean {
    try {
      const info = this.db
        .prepare(
          `SELECT value FROM sqlite_master m, "${name}_info" i WHERE m.name = '${name}_vector_chunks00' AND i.key = 'CREATE_VERSION'`,
        )
        .safeIntegers(false);
      return (info.get() as { value: string } | undefined)?.value === "v0.1.9";
    } catch {
      return false;
    }
  }

  private buildFromShadowTables(index: QuantizedIndex, name: string, namespaceId: string): void {
    const records = this.db
      .prepare(
        `SELECT c.size AS size, c.validity AS validity, c.rowids AS rowids, v.vectors AS vectors FROM "${name}_chunks" c JOIN "${name}_vector_chunks00" v ON v.rowid = c.chunk_id WHERE c.partition00 = ?`,
      )
      .safeIntegers(false);
    const dim = index.dimension;
    for (const r of records.iterate(namespaceId) as Iterable<{
      size: number;
      validity: Buffer;
      rowids: Buffer;
      vectors: Buffer;
    }>) {
      for (let slot = 0; slot < r.size; slot++) {
        if (((r.validity[slot >>> 3] ?? 0) & (1 << (slot & 7))) === 0) continue;
        index.add(Number(r.rowids.readBigInt64LE(slot * 8)), floats(r.vectors, slot * dim * 4, dim));
      }
    }
  }

  distances(namespaceId: string, dimension: number, ids: number[], vector: Float32Array): Map<number, number> {
    return ids.length ? this.index(namespaceId, dimension).distances(vector, ids) : new Map();
  }

  /** Which of the ids have a vector in the namespace. */
  present(namespaceId: string, dimension: number, ids: number[]): Set<number> {
    const index = this.index(namespaceId, dimension);
    return new Set(ids.filter((id) => index.has(id)));
  }

  /** The stored vectors of these ids (copies), none when the dimension has no table yet. */
  vectorsByIds(dimension: number, ids: number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (ids.length === 0 || !this.dimensions().includes(dimension)) return out;
    const rows = this.db
      .prepare(
        `SELECT rowid AS id, embedding FROM ${this.table(dimension)} WHERE rowid IN (${ids.map(() => "?").join(",")})`,
      )
      .safeIntegers(false)
      .all(...ids) as { id: number; embedding: Buffer }[];
    for (const r of rows)
      out.set(
        r.id,
        new Float32Array(
          r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength),
        ),
      );
    return out;
  }

  purgeOrphans(dimension: number): number {
    const name = this.table(dimension);
    const orphans = this.db
      .prepare(`SELECT rowid AS id FROM ${name} WHERE rowid NOT IN (SELECT id FROM "${this.owner}")`)
      .safeIntegers(false)
      .all() as { id: number | bigint }[];
    this.remove(
      dimension,
      orphans.map((o) => Number(o.id)),
    );
    return orphans.length;
  }

  dimensions(): number[] {
    const p = this.prefix;
    const rows = this.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB '${p}_[0-9]*' AND name NOT GLOB '${p}_*_*'`,
      )
      .safeIntegers(false)
      .all() as { name: string }[];
    return rows.map((r) => Number(r.name.slice(p.length + 1))).filter(Number.isInteger);
  }
}

/** The chunk vectors on the app's connection. */
export async function appVectorStore(): Promise<SqliteVecStore> {
  return new SqliteVecStore(await sqlite());
}
