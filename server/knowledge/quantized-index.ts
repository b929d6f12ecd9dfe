import "server-only";

/**
 * An in-memory two-stage index over a namespace's unit vectors, rebuilt from sqlite-vec when the
 * data changed: sign bits (Hamming distance) pick candidates, 8-bit codes re-rank them. sqlite-vec
 * alone scans every float vector per query (about 200 ms at 100,000 x 512 here) and its rowid
 * lookups cost about 1 ms each at that size; this keeps a quarter of the bytes per vector in memory,
 * scans 64 bytes per vector and answers distances from the 8-bit codes.
 */
export class QuantizedIndex {
  readonly size: number;
  private readonly words: number;
  private readonly bits: Uint32Array;
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;
  private readonly position = new Map<number, number>();

  constructor(
    readonly dimension: number,
    readonly ids: Int32Array,
    vectors: (i: number) => Float32Array,
  ) {
    this.size = ids.length;
    this.words = Math.ceil(dimension / 32);
    this.bits = new Uint32Array(this.size * this.words);
    this.codes = new Int8Array(this.size * dimension);
    this.scales = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      this.encode(i, vectors(i));
      this.position.set(ids[i]!, i);
    }
  }

  private cosineDistance(i: number, query: Float32Array): number {
    const base = i * this.dimension;
    let dot = 0;
    for (let d = 0; d < this.dimension; d++) dot += this.codes[base + d]! * query[d]!;
    return 1 - dot / this.scales[i]!;
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
    let max = 0;
    for (let d = 0; d < this.dimension; d++) max = Math.max(max, Math.abs(v[d]!));
    const scale = max > 0 ? 127 / max : 1;
    this.scales[i] = scale;
    const base = i * this.dimension;
    for (let d = 0; d < this.dimension; d++) {
      this.codes[base + d] = Math.round(v[d]! * scale);
      if (v[d]! > 0) this.bits[i * this.words + (d >>> 5)]! |= 1 << (d & 31);
    }
  }

  /** The k nearest by approximate cosine distance, nearest first (ids and distances). */
  search(query: Float32Array, k: number): { id: number; distance: number }[] {
    const n = this.size;
    if (n === 0 || k < 1) return [];
    const w = this.words;
    const qbits = new Uint32Array(w);
    for (let d = 0; d < this.dimension; d++) if (query[d]! > 0) qbits[d >>> 5]! |= 1 << (d & 31);
    const ham = new Uint16Array(n);
    const histogram = new Uint32Array(this.dimension + 1);
    for (let i = 0, o = 0; i < n; i++, o += w) {
      let h = 0;
      for (let j = 0; j < w; j++) {
        let x = this.bits[o + j]! ^ qbits[j]!;
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
    const scored: { i: number; distance: number }[] = [];
    for (let i = 0; i < n; i++) if (ham[i]! < cut) scored.push({ i, distance: this.cosineDistance(i, query) });
    scored.sort((a, b) => a.distance - b.distance);
    return scored.slice(0, k).map((s) => ({ id: this.ids[s.i]!, distance: s.distance }));
  }
}
