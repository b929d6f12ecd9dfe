/** Words too common to say anything about relevance; dropping them keeps "the" from matching everything. */
const STOP_WORDS = new Set(
  "a an and are as at be but by can do does for from how i if in into is it its me my no not of on or our so that the their then there these this to was we what when where which who why will with you your".split(
    " ",
  ),
);

/**
 * A free-text question as an FTS5 query: each remaining word quoted (no FTS syntax from users),
 * joined by OR so BM25 ranks by how many and how rare the matched words are. Null when no word is left.
 */
export function toFtsQuery(text: string): string | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w));
  const unique = [...new Set(words)].slice(0, 64);
  return unique.length ? unique.map((w) => `"${w}"`).join(" OR ") : null;
}
