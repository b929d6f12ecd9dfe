import { describe, expect, it } from "vitest";
import { QuantizedIndex } from "@/server/knowledge/quantized-index";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function unit(rand: () => number, dim: number): Float32Array {
  const v = Float32Array.from({ length: dim }, () => rand() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("QuantizedIndex", () => {
  it("finds nearly the same 10 nearest neighbours as an exact scan", () => {
    const rand = rng(7);
    const dim = 512;
    const base = Array.from({ length: 50 }, () => unit(rand, dim));
    // Clustered data, like embeddings of related passages: a centre plus noise.
    const vectors = Array.from({ length: 4000 }, (_, i) => {
      const noise = unit(rand, dim);
      const v = base[i % 50]!.map((x, d) => x + 0.8 * noise[d]!);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
    const ids = Int32Array.from(vectors, (_, i) => i + 1);
    const index = new QuantizedIndex(dim, ids, (i) => vectors[i]!);
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const query = vectors[q * 37]!.map((x) => x + 0.3 * (rand() - 0.5));
      const exact = vectors
        .map((v, i) => ({ id: i + 1, sim: dot(v, query) / Math.hypot(...query) }))
        .sort((a, b) => b.sim - a.sim)
        .slice(0, 10)
        .map((x) => x.id);
      const approx = index.search(query, 10).map((h) => h.id);
      found += approx.filter((id) => exact.includes(id)).length;
    }
    expect(found / 200).toBeGreaterThanOrEqual(0.9);
  });

  it("ranks an identical vector first with distance close to 0 and handles an empty index", () => {
    const rand = rng(3);
    const vectors = Array.from({ length: 30 }, () => unit(rand, 64));
    const index = new QuantizedIndex(
      64,
      Int32Array.from(vectors, (_, i) => 100 + i),
      (i) => vectors[i]!,
    );
    const [first] = index.search(vectors[12]!, 3);
    expect(first?.id).toBe(112);
    expect(first?.distance).toBeCloseTo(0, 2);
    expect(new QuantizedIndex(64, new Int32Array(0), () => new Float32Array(64)).search(vectors[0]!, 5)).toEqual([]);
  });

  it("answers after adds, replacements and removals exactly as an index built from the final rows", () => {
    const rand = rng(11);
    const dim = 96;
    const rows = new Map<number, Float32Array>();
    const live = new QuantizedIndex(dim);
    for (let id = 1; id <= 300; id++) {
      const v = unit(rand, dim);
      rows.set(id, v);
      live.add(id, v);
    }
    // Remove a run from the middle, the last row and ids that were never there; replace some; add more.
    const removed = [...Array.from({ length: 50 }, (_, i) => 100 + i), 300, 9999];
    live.remove(removed);
    for (const id of removed) rows.delete(id);
    for (const id of [5, 6, 7]) {
      const v = unit(rand, dim);
      rows.set(id, v);
      live.add(id, v);
    }
    for (let id = 301; id <= 400; id++) {
      const v = unit(rand, dim);
      rows.set(id, v);
      live.add(id, v);
    }
    const ids = [...rows.keys()];
    const fresh = new QuantizedIndex(dim, ids, (i) => rows.get(ids[i]!)!);
    expect(live.size).toBe(rows.size);
    expect(live.has(120)).toBe(false);
    expect(live.has(350)).toBe(true);
    for (let q = 0; q < 10; q++) {
      const query = unit(rand, dim);
      const key = (hits: { id: number; distance: number }[]) =>
        hits.map((h) => `${h.id}:${h.distance.toFixed(5)}`).sort();
      expect(key(live.search(query, 10))).toEqual(key(fresh.search(query, 10)));
    }
    expect(live.search(rows.get(6)!, 1)[0]?.id).toBe(6);
    expect(live.distances(rows.get(6)!, [6, 120]).has(120)).toBe(false);
  });
});
