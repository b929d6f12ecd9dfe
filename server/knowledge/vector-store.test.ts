import path from "node:path";
import Database from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/server/db";
import { SqliteVecStore } from "@/server/knowledge/vector-store";

const DIM = 16;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function unit(rand: () => number): Float32Array {
  const v = Float32Array.from({ length: DIM }, () => rand() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const ids = (hits: { id: number }[]) => hits.map((h) => h.id);

describe("SqliteVecStore", () => {
  it("keeps its in-memory index in step with committed writes and ignores rolled-back ones", async () => {
    const raw = await sqlite();
    // A table of its own (prefix), so chunk vectors of other tests cannot interfere.
    const store = new SqliteVecStore(raw, "test_vec_steps");
    const rand = rng(1);
    const vectors = new Map<number, Float32Array>();
    store.transaction(() => {
      const items = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, vector: unit(rand) }));
      for (const it of items) vectors.set(it.id, it.vector);
      store.upsert("ns-a", DIM, items);
    });
    expect(store.search("ns-a", DIM, vectors.get(7)!, 1)[0]?.id).toBe(7);

    const added = unit(rand);
    store.transaction(() => store.upsert("ns-a", DIM, [{ id: 41, vector: added }]));
    expect(store.search("ns-a", DIM, added, 1)[0]).toMatchObject({ id: 41 });
    expect(store.search("ns-b", DIM, added, 5)).toEqual([]);

    store.transaction(() => store.remove(DIM, [7, 8]));
    expect(ids(store.search("ns-a", DIM, vectors.get(7)!, 50))).not.toContain(7);
    expect(store.distances("ns-a", DIM, [7, 9], vectors.get(9)!).has(7)).toBe(false);

    const ghost = unit(rand);
    expect(() =>
      store.transaction(() => {
        store.upsert("ns-a", DIM, [{ id: 42, vector: ghost }]);
        store.remove(DIM, [9]);
        throw new Error("the document failed half-way");
      }),
    ).toThrow(/half-way/);
    expect(ids(store.search("ns-a", DIM, ghost, 50))).not.toContain(42);
    expect(ids(store.search("ns-a", DIM, vectors.get(9)!, 1))).toEqual([9]);

    // Moving an id to another namespace takes it out of the first one's index.
    store.transaction(() => store.upsert("ns-b", DIM, [{ id: 10, vector: vectors.get(10)! }]));
    expect(ids(store.search("ns-a", DIM, vectors.get(10)!, 50))).not.toContain(10);
    expect(ids(store.search("ns-b", DIM, vectors.get(10)!, 1))).toEqual([10]);

    // Writes outside store.transaction (a caller's own transaction) are seen too: the index is rebuilt.
    const outside = unit(rand);
    raw.transaction(() => store.upsert("ns-a", DIM, [{ id: 43, vector: outside }]))();
    expect(store.search("ns-a", DIM, outside, 1)[0]?.id).toBe(43);
    // A caller's rolled-back transaction followed by a committed one: only the committed write shows.
    const lost = unit(rand);
    expect(() =>
      raw.transaction(() => {
        store.upsert("ns-a", DIM, [{ id: 44, vector: lost }]);
        throw new Error("rolled back");
      })(),
    ).toThrow(/rolled back/);
    const kept = unit(rand);
    store.transaction(() => store.upsert("ns-a", DIM, [{ id: 45, vector: kept }]));
    expect(ids(store.search("ns-a", DIM, lost, 50))).not.toContain(44);
    expect(store.search("ns-a", DIM, kept, 1)[0]?.id).toBe(45);
  });

  it("builds the index from sqlite-vec's chunk records with the same rows and neighbours as sqlite-vec's own KNN", async () => {
    const raw = await sqlite();
    const writer = new SqliteVecStore(raw, "test_vec_build");
    const rand = rng(2);
    // More than one 1,024-row record per namespace, two namespaces interleaved, holes from deletes.
    const vectors = new Map<number, Float32Array>();
    writer.transaction(() => {
      for (let id = 1; id <= 2600; id++) {
        vectors.set(id, unit(rand));
        writer.upsert(id % 3 === 0 ? "other" : "main", DIM, [{ id, vector: vectors.get(id)! }]);
      }
      writer.remove(
        DIM,
        Array.from({ length: 300 }, (_, i) => 500 + i * 2),
      );
    });
    // A second connection has no index yet: it builds one from the records.
    const file = raw.name;
    const reader = new Database(path.resolve(file), { readonly: true });
    sqliteVec.load(reader);
    try {
      const store = new SqliteVecStore(reader, "test_vec_build");
      for (let q = 0; q < 5; q++) {
        const query = unit(rand);
        const exact = reader
          .prepare(
            `SELECT rowid AS id, distance FROM test_vec_build_${DIM} WHERE embedding MATCH ? AND namespace_id = 'main' AND k = 5 ORDER BY distance`,
          )
          .safeIntegers(false)
          .all(Buffer.from(query.buffer)) as { id: number; distance: number }[];
        const found = store.search("main", DIM, query, 5);
        // 8-bit codes may swap two near-equal neighbours; the distances at each rank agree.
        const trueDistance = (id: number) => 1 - vectors.get(id)!.reduce((sum, x, d) => sum + x * query[d]!, 0);
        found.forEach((h, i) => {
          expect(h.distance).toBeCloseTo(exact[i]!.distance, 2);
          expect(trueDistance(h.id)).toBeLessThanOrEqual(exact[4]!.distance + 0.01);
          expect(h.id % 3).not.toBe(0);
        });
      }
      const count = (
        reader
          .prepare(`SELECT count(*) AS n FROM test_vec_build_${DIM} WHERE namespace_id = 'main'`)
          .safeIntegers(false)
          .get() as { n: number }
      ).n;
      expect(store.search("main", DIM, unit(rand), 4096)).toHaveLength(count);
    } finally {
      reader.close();
    }
  });
});
