export interface RetrievalScores {
  hit1: number;
  hit5: number;
  mrr10: number;
}

/** An expected entry matches a document whose source path (or title) ends with it. */
export function matchesExpected(source: string, expected: string[]): boolean {
  const s = source.replace(/\\/g, "/").toLowerCase();
  return expected.some((e) => e.trim() !== "" && s.endsWith(e.replace(/\\/g, "/").toLowerCase()));
}

/** The 1-based rank of the first relevant document, or null when none of them is relevant. */
export function firstRelevantRank(rankedSources: string[], expected: string[]): number | null {
  const i = rankedSources.findIndex((s) => matchesExpected(s, expected));
  return i === -1 ? null : i + 1;
}

/** hit@1, hit@5 and MRR@10 over questions, from each question's first relevant rank. */
export function scoreRanks(ranks: (number | null)[]): RetrievalScores {
  if (ranks.length === 0) return { hit1: 0, hit5: 0, mrr10: 0 };
  const n = ranks.length;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    hit1: round(ranks.filter((r) => r !== null && r <= 1).length / n),
    hit5: round(ranks.filter((r) => r !== null && r <= 5).length / n),
    mrr10: round(ranks.reduce<number>((sum, r) => sum + (r !== null && r <= 10 ? 1 / r : 0), 0) / n),
  };
}

/** Document order from a chunk ranking: a document ranks where its best chunk does. */
export function documentOrder<T extends { documentId: string }>(chunks: T[]): string[] {
  const seen = new Set<string>();
  for (const c of chunks) seen.add(c.documentId);
  return [...seen];
}
