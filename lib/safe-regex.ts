import { RE2JS } from "re2js";

/**
 * Patterns that people type (a team's stop pattern, event filters, workflow conditions) run on
 * RE2 (re2js): matching takes time linear in the text whatever the pattern, so `(a+)+c` cannot
 * stall the server (issue 22, finding 1: one such pattern froze every request for ~34 s).
 * RE2 has no look-around and no back-references; a pattern that needs them is refused when it is
 * saved, with the reason.
 */
export interface SafePattern {
  test(text: string): boolean;
}

/** Why a pattern cannot be used, as a sentence, or null when it compiles. */
export function safeRegexProblem(source: string): string | null {
  try {
    RE2JS.compile(source);
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
    return `The pattern /${source}/ cannot be used: ${reason}. Patterns run in linear time, so look-arounds and back-references are not supported.`;
  }
}

/** Compiles a pattern for linear-time matching; throws with safeRegexProblem's sentence when it cannot. */
export function compileSafeRegex(source: string, options: { ignoreCase?: boolean } = {}): SafePattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch {
    throw new Error(safeRegexProblem(source) ?? `The pattern /${source}/ cannot be used.`);
  }
  return { test: (text) => re.matcher(text).find() };
}
