/**
 * Turns what a person typed into a safe FTS5 query: every word becomes a quoted string (inner
 * quotes doubled), so operators, parentheses, column filters and a leading "-" are plain text and
 * can never cause an FTS5 syntax error. Words are ANDed; the last one also matches as a prefix so
 * results appear while typing.
 */
const MAX_TERMS = 12;

export function toFtsQuery(input: string | undefined): string | null {
  if (!input) return null;
  const terms = input
    // Control characters (a NUL ends FTS5's string parser early) are never part of a word.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .split(/\s+/)
    // FTS5's tokenizer drops punctuation anyway; a term that is only punctuation matches nothing.
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms
    .map((t, i) => {
      const quoted = `"${t.replaceAll('"', '""')}"`;
      return i === terms.length - 1 ? `${quoted}*` : quoted;
    })
    .join(" ");
}

/** Markers FTS5 highlight() puts around matches; the viewer renders them as <mark>. */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";
