/**
 * Cron triggers: five fields (minute hour day-of-month month day-of-week) with lists, ranges,
 * steps and names, the @hourly-style macros, and an optional `TZ=Zone/Name ` prefix as Inngest
 * accepts. Times are computed on the wall clock of that zone (UTC when none is given).
 */
export interface CronSchedule {
  source: string;
  timeZone: string;
  minute: Set<number>;
  hour: Set<number>;
  day: Set<number>;
  month: Set<number>;
  weekday: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export class CronError extends Error {}

function field(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> {
  const out = new Set<number>();
  const value = (v: string): number => {
    const idx = names.indexOf(v.toUpperCase());
    const n = idx >= 0 ? idx + nameBase : /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isNaN(n) || n < min || n > max) throw new CronError(`"${v}" is outside ${min}-${max}`);
    return n;
  };
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`bad step "${stepText}"`);
    let lo = min;
    let hi = max;
    if (range !== "*" && range !== "?") {
      const [a, b] = range!.split("-");
      lo = value(a!);
      hi = b === undefined ? (stepText === undefined ? lo : max) : value(b);
      if (hi < lo) throw new CronError(`range "${range}" is backwards`);
    }
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

export function parseCron(input: string): CronSchedule {
  let text = input.trim();
  let timeZone = "UTC";
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(text);
  if (tz) {
    timeZone = tz[1]!;
    text = text.slice(tz[0].length);
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
    } catch {
      throw new CronError(`Cron "${input}": unknown time zone "${timeZone}"`);
    }
  }
  text = MACROS[text.toLowerCase()] ?? text;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new CronError(`Cron "${input}" must have 5 fields (minute hour day month weekday)`);
  try {
    const weekday = field(parts[4]!, 0, 7, DAYS);
    if (weekday.delete(7)) weekday.add(0);
    return {
      source: input,
      timeZone,
      minute: field(parts[0]!, 0, 59),
      hour: field(parts[1]!, 0, 23),
      day: field(parts[2]!, 1, 31),
      month: field(parts[3]!, 1, 12, MONTHS, 1),
      weekday,
      dayRestricted: parts[2] !== "*" && parts[2] !== "?",
      weekdayRestricted: parts[4] !== "*" && parts[4] !== "?",
    };
  } catch (err) {
    throw new CronError(`Cron "${input}": ${(err as Error).message}`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return {
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: DAYS.indexOf(p.weekday!.toUpperCase().slice(0, 3)),
  };
}

function dayMatches(s: CronSchedule, w: ReturnType<typeof wallClock>): boolean {
  const d = s.day.has(w.day);
  const wd = s.weekday.has(w.weekday);
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (s.dayRestricted && s.weekdayRestricted) return d || wd;
  return d && wd;
}

/** The first minute strictly after `after` at which the schedule fires. */
export function nextCronTime(s: CronSchedule, after: number): number {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  const limit = t + 5 * 366 * 86_400_000;
  while (t < limit) {
    const w = wallClock(t, s.timeZone);
    if (!s.month.has(w.month) || !dayMatches(s, w)) t += (24 * 60 - (w.hour * 60 + w.minute)) * 60_000;
    else if (!s.hour.has(w.hour)) t += (60 - w.minute) * 60_000;
    else if (!s.minute.has(w.minute)) t += 60_000;
    else return t;
  }
  throw new CronError(`Cron "${s.source}" never fires`);
}
