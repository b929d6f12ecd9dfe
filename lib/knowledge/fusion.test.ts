import { describe, expect, it } from "vitest";
import { capPerDocument, fuse } from "@/lib/knowledge/fusion";
import { documentOrder, firstRelevantRank, matchesExpected, scoreRanks } from "@/lib/knowledge/metrics";

const c = (chunkId: number, documentId = `d${chunkId}`) => ({ chunkId, documentId });

describe("weighted reciprocal rank fusion", () => {
  it("lifts chunks both retrievers found; the vector weight decides how far", () => {
    const bm25 = [c(1), c(2), c(3)];
    const vector = [c(3), c(2), c(9)];
    expect(fuse(bm25, vector, { bm25: 1, vector: 0 }).map((x) => x.chunkId)).toEqual([1, 2, 3]);
    expect(fuse(bm25, vector, { bm25: 1, vector: 0.01 }).map((x) => x.chunkId)).toEqual([1, 2, 3, 9]);
    // 1/62 + 0.1/62 beats 1/61 alone: agreement of both retrievers outranks BM25's first place.
    expect(fuse(bm25, vector, { bm25: 1, vector: 0.1 }).map((x) => x.chunkId)).toEqual([2, 3, 1, 9]);
    expect(fuse(bm25, vector, { bm25: 0.1, vector: 1 }).map((x) => x.chunkId)).toEqual([3, 2, 9, 1]);
  });

  it("scales the score to 1 for first place in every list and drops a zero-weight retriever", () => {
    const fused = fuse([c(1)], [c(1), c(2)], { bm25: 1, vector: 1 });
    expect(fused[0]).toMatchObject({ chunkId: 1, score: 1, bm25Rank: 1, vectorRank: 1 });
    expect(fuse([c(1)], [c(2)], { bm25: 1, vector: 0 }).map((x) => x.chunkId)).toEqual([1]);
  });

  it("caps the chunks of one document", () => {
    const ranked = [c(1, "a"), c(2, "a"), c(3, "a"), c(4, "b"), c(5, "a"), c(6, "c")];
    expect(capPerDocument(ranked, 2, 10).map((x) => x.chunkId)).toEqual([1, 2, 4, 6]);
    expect(capPerDocument(ranked, 2, 3).map((x) => x.chunkId)).toEqual([1, 2, 4]);
  });
});

describe("retrieval metrics", () => {
  it("matches expected path suffixes and scores hit@k and MRR@10", () => {
    expect(matchesExpected("/docs/guide/Install.html", ["guide/install.html"])).toBe(true);
    expect(matchesExpected("/docs/reinstall.html", ["/install.html"])).toBe(false);
    expect(firstRelevantRank(["/a.md", "/b.md", "/c.md"], ["c.md"])).toBe(3);
    expect(scoreRanks([1, 3, null, 12])).toEqual({ hit1: 0.25, hit5: 0.5, mrr10: 0.333 });
    expect(documentOrder([c(1, "a"), c(2, "b"), c(3, "a")])).toEqual(["a", "b"]);
  });
});
