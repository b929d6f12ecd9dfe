/**
 * Fuzzy matching for the agents search: every character of the query must appear in order.
 * Consecutive characters and matches at word starts score higher, so "gen as" ranks
 * "General assistant" first. Returns the matched positions for highlighting, or null.
 */
export function fuzzyMatch(query: string, text: string): { score: number; positions: number[] } | null {
  const q = query.toLowerCase().replace(/\s+/g, "");
  if (!q) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return null;
    const prev = positions.at(-1);
    if (prev !== undefined && at === prev + 1) score += 3;
    if (at === 0 || /[\s\-_(]/.test(t[at - 1]!)) score += 2;
    score += 1;
    score -= Math.min(at - from, 5) * 0.1;
    positions.push(at);
    from = at + 1;
  }
  // Whole words typed as such weigh more than scattered letters ("gen as" -> "General assistant").
  for (const word of query.toLowerCase().split(/\s+/).filter(Boolean)) {
    if (new RegExp(`(^|[\\s\\-_(])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(t)) score += 5;
    else if (t.includes(word)) score += 2;
  }
  return { score, positions };
}

/** The best score over several fields (name counts most), or null when none matches. */
export function fuzzyRank(query: string, fields: { text: string; weight: number }[]): number | null {
  let best: number | null = null;
  for (const f of fields) {
    const m = fuzzyMatch(query, f.text);
    if (m && (best === null || m.score * f.weight > best)) best = m.score * f.weight;
  }
  return best;
}
