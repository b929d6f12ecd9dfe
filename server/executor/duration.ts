/**
 * Time strings as the SDK emits them in Sleep / WaitForEvent ops: "2s", "1h30m", "1.5d", a bare
 * number of milliseconds, or an ISO date for sleepUntil.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function durationMs(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched > 0 && matched === trimmed.length ? total : null;
}

/** The wall-clock time a sleep or timeout ends: a duration from `now`, or an absolute date. */
export function resolveTime(text: string, now: number): number | null {
  const ms = durationMs(text);
  if (ms !== null) return now + ms;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : date;
}
