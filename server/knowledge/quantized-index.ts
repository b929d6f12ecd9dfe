import "server-only";

/**
 * An in-memory two-stage index over a namespace's unit vectors, built once from sqlite-vec and then
 * kept in step with every write (add / remove): sign bits (Hamming distance) pick candidates,
 * 8-bit codes re-rank them. sqlite-vec alone scans every float vector per query and its rowid
 * lookups are slow on a large namespace (docs/benchmarks.md); this keeps a quarter of the bytes
 * per vector in memory, scans 64 bytes per vector and answers distances from the 8-bit codes.
 * Rows live in growable typed arrays; a removed row is filled with the last one, so adding or
 * removing a document costs its own chunks, not the namespace's size.
 */
export class QuantizedIndex {
  private count = 0;
  private capacity = 0;
  private readonly words: number;
  private rowIds = new Int32Array(0);
  private bits = new Uint32Array(0);
  private codes = new Int8Array(0);
  private scales = new Float32Array(0);
  private readonly position = new Map<number, number>();

  constructor(
    readonly dimension: number,
    ids: ArrayLike<number> = [],
    vectors: (i: number) => Float32Array = () => new Float32Array(dimension),
  ) {
    this.words = Math.ceil(dimension / 32);
    this.reserve(ids.length);
    for (let i = 0; i < ids.length; i++) this.add(ids[i]!, vectors(i));
  }

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return this.position.has(id);
  }

  private reserve(wanted: number): void {
    if (wanted <= this.capacity) return;
    const capacity = Math.max(wanted, Math.ceil(this.capacity * 1.5), 64);
    const grow = <T extends Int32Array | Uint32Array | Int8Array | Float32Array>(
      old: T,
      make: (n: number) => T,
      per: number,
    ): T => {
      const next = make(capacity * per);
      next.set(old.subarray(0, this.count * per) as never);
      return next;
    };
    this.rowIds = grow(this.rowIds, (n) => new Int32Array(n), 1);
    this.bits = grow(this.bits, (n) => new Uint32Array(n), this.words);
    this.codes = grow(this.codes, (n) => new Int8Array(n), this.dimension);
    this.scales = grow(this.scales, (n) => new Float32Array(n), 1);
    this.capacity = capacity;
  }

  /** Adds a vector, or replaces the one stored under the same id. */
  add(id: number, v: Float32Array): void {
    if (v.length !== this.dimension)
      throw new RangeError(`A vector has ${v.length} dimensions; the index holds ${this.dimension}.`);
    let i = this.position.get(id);
    if (i === undefined) {
      this.reserve(this.count + 1);
      i = this.count++;
      this.position.set(id, i);
      this.rowIds[i] = id;
    }
    this.encode(i, v);
  }

  /** Removes the ids that are present (others are ignored); the last row moves into each hole. */
  remove(ids: Iterable<number>): void {
    for (const id of ids) {
      const i = this.position.get(id);
      if (i === undefined) continue;
      this.position.delete(id);
      const last = --this.count;
      if (i === last) continue;
      const moved = this.rowIds[last]!;
      this.rowIds[i] = moved;
      this.position.set(moved, i);
      this.scales[i] = this.scales[last]!;
      this.bits.copyWithin(i * this.words, last * this.words, (last + 1) * this.words);
      this.codes.copyWithin(i * this.dimension, last * this.dimension, (last + 1) * this.dimension);
    }
  }

  private cosineDistance(i: number, query: Float32Array): number {
    const base = i * this.dimension;
    const codes = this.codes;
    const dim = this.dimension;
    // Four running sums: fewer loop iterations and independent additions (a quarter faster here).
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let d = 0;
    for (; d + 3 < dim; d += 4) {
      d0 += codes[base + d]! * query[d]!;
      d1 += codes[base + d + 1]! * query[d + 1]!;
      d2 += codes[base + d + 2]! * query[d + 2]!;
      d3 += codes[base + d + 3]! * query[d + 3]!;
    }
    for (; d < dim; d++) d0 += codes[base + d]! * query[d]!;
    return 1 - (d0 + d1 + d2 + d3) / this.scales[i]!;
  }

  /** Approximate cosine distances (8-bit codes, error around 0.001) of the given ids that are in the index. */
  distances(query: Float32Array, ids: number[]): Map<number, number> {
    const out = new Map<number, number>();
    for (const id of ids) {
      const i = this.position.get(id);
      if (i !== undefined) out.set(id, this.cosineDistance(i, query));
    }
    return out;
  }

  private encode(i: number, v: Float32Array): void {
    const dim = this.dimension;
    const codes = this.codes;
    const bits = this.bits;
    let max = 0;
    for (let d = 0; d < dim; d++) {
      const x = v[d]!;
      if (x > max) max = x;
      else if (-x > max) max = -x;
    }
    const scale = max > 0 ? 127 / max : 1;
    this.scales[i] = scale;
    const base = i * dim;
    const wordBase = i * this.words;
    for (let j = 0; j < this.words; j++) {
      let word = 0;
      const end = Math.min(dim, (j + 1) * 32);
      for (let d = j * 32; d < end; d++) {
        const x = v[d]!;
        // Nearest integer (halves away from zero) without a Math.round call per dimension.
        codes[base + d] = x >= 0 ? (x * scale + 0.5) | 0 : -((-x * scale + 0.5) | 0);
        if (x > 0) word |= 1 << (d & 31);
      }
      bits[wordBase + j] = word;
    }
  }

  /** The k nearest by approximate cosine distance, nearest first (ids and distances). */
  search(query: Float32Array, k: number): { id: number; distance: number }[] {
    const n = this.count;
    if (n === 0 || k < 1) return [];
    const w = this.words;
    const bits = this.bits;
    const qbits = new Uint32Array(w);
    for (let d = 0; d < this.dimension; d++) if (query[d]! > 0) qbits[d >>> 5]! |= 1 << (d & 31);
    const ham = new Uint16Array(n);
    const histogram = new Uint32Array(this.dimension + 1);
    for (let i = 0, o = 0; i < n; i++, o += w) {
      let h = 0;
      for (let j = 0; j < w; j++) {
        let x = bits[o + j]! ^ qbits[j]!;
        x -= (x >>> 1) & 0x55555555;
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        h += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      ham[i] = h;
      histogram[h]!++;
    }
    // Candidates: the nearest by Hamming distance, generously, then exact-ish ranking by 8-bit codes.
    const wanted = Math.min(n, Math.max(k * 10, 400));
    let cut = 0;
    for (let seen = 0; cut <= this.dimension && seen < wanted; cut++) seen += histogram[cut]!;
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (ham[i]! < cut) rows.push(i);
    const dist = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) dist[r] = this.cosineDistance(rows[r]!, query);
    const order = Array.from(rows.keys()).sort((a, b) => dist[a]! - dist[b]!);
    return order.slice(0, k).map((r) => ({ id: this.rowIds[rows[r]!]!, distance: dist[r]! }));
  }
}
