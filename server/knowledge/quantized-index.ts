import "server-only";

/**
 * An in-memory two-stage index over a namespace's unit vectors, rebuilt from sqlite-vec when the
 * data changed: sign bits (Hamming distance) pick candidates, 8-bit codes re-rank them. sqlite-vec
 * alone scans every float vector per query (about 200 ms at 100,000 x 512 here); this keeps 1/8
 * of the bytes per vector in memory and scans 64 bytes per vector.
 */
export class QuantizedIndex {
  readonly size: number;
  private readonly words: number;
  private readonly bits: Uint32Array;
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;

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
    for (let i = 0; i < this.size; i++) this.encode(i, vectors(i));
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
    const scored: { i: number; dot: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (ham[i]! >= cut) continue;
      const base = i * this.dimension;
      let dot = 0;
      for (let d = 0; d < this.dimension; d++) dot += this.codes[base + d]! * query[d]!;
      scored.push({ i, dot: dot / this.scales[i]! });
    }
    scored.sort((a, b) => b.dot - a.dot);
    return scored.slice(0, k).map((s) => ({ id: this.ids[s.i]!, distance: 1 - s.dot }));
  }
}
