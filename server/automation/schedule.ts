import { type CronSchedule, nextCronTime, parseCron } from "@/server/executor/cron";
import type { JobTrigger } from "@/lib/automation/job-schema";

/**
 * Next-run computation on the wall clock of the job's IANA time zone, with the executor's cron
 * parser (so jobs and Inngest cron triggers read cron text alike). Daylight-saving changes follow
 * classic cron for jobs at fixed hours: a time skipped when clocks go forward runs right after
 * the change, and a time repeated when they go back runs once. Jobs on every hour are unaffected.
 */
export function cronSchedule(cron: string, timeZone: string): CronSchedule {
  return { ...parseCron(cron), timeZone };
}

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function wall(ms: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== "literal") p[part.type] = Number(part.value);
  // Wall-clock minutes since the epoch, as if the zone had no offsets changes: comparable across a change.
  return { ...p, local: Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) } as {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    local: number;
  };
}

function matchesLocal(s: CronSchedule, local: number): boolean {
  const d = new Date(local);
  const day = s.day.has(d.getUTCDate());
  const weekday = s.weekday.has(d.getUTCDay());
  const dayOk = s.dayRestricted && s.weekdayRestricted ? day || weekday : day && weekday;
  return dayOk && s.month.has(d.getUTCMonth() + 1) && s.hour.has(d.getUTCHours()) && s.minute.has(d.getUTCMinutes());
}

const HOUR = 60 * MINUTE;

/** The first wall time skipped by clocks going forward in (from, to] that the schedule wanted, as the instant of the change. */
function skippedMatch(s: CronSchedule, from: number, to: number): number | null {
  // Offsets change on whole minutes; scan by the hour and look closer only where the clock jumped.
  for (let h = Math.floor(from / MINUTE) * MINUTE; h < to; h += HOUR) {
    const end = Math.min(h + HOUR, to);
    if (wall(end, s.timeZone).local - wall(h, s.timeZone).local <= end - h) continue;
    for (let m = h + MINUTE; m <= end; m += MINUTE) {
      const prev = wall(m - MINUTE, s.timeZone).local;
      const cur = wall(m, s.timeZone).local;
      if (cur - prev <= MINUTE) continue;
      for (let skipped = prev + MINUTE; skipped < cur; skipped += MINUTE)
        if (matchesLocal(s, skipped)) return m > from ? m : null;
    }
  }
  return null;
}

function nextCronRun(s: CronSchedule, after: number): number {
  if (s.hour.size === 24) return nextCronTime(s, after);
  for (let from = after; ; ) {
    const t = nextCronTime(s, from);
    const gap = skippedMatch(s, from, t);
    if (gap !== null) return gap;
    // Clocks went back: this wall time already happened shortly before, so it has run.
    const local = wall(t, s.timeZone).local;
    if (![30, 60, 120].some((k) => wall(t - k * MINUTE, s.timeZone).local === local)) return t;
    from = t;
  }
}

/** The first run strictly after `after`, or null for triggers that are not on a clock. */
export function nextRunAfter(trigger: JobTrigger, after: Date, anchor?: Date | null): Date | null {
  switch (trigger.type) {
    case "cron":
      return new Date(nextCronRun(cronSchedule(trigger.cron, trigger.timeZone), after.getTime()));
    case "interval": {
      const step = trigger.seconds * 1000;
      // Stay on the anchor's grid (the previous due time), so a late tick does not drift the
      // schedule, and a long outage yields one catch-up run, not one per missed interval.
      if (!anchor || anchor.getTime() > after.getTime()) return new Date(after.getTime() + step);
      const missed = Math.floor((after.getTime() - anchor.getTime()) / step) + 1;
      return new Date(anchor.getTime() + missed * step);
    }
    default:
      return null;
  }
}

/** The next `count` run times after `from` (the Schedule tab's "Validate"). */
export function nextRunTimes(trigger: JobTrigger, count: number, from: Date = new Date()): Date[] {
  const out: Date[] = [];
  let t: Date | null = from;
  let anchor: Date | null = null;
  while (out.length < count && t) {
    t = nextRunAfter(trigger, t, anchor);
    if (t) {
      out.push(t);
      anchor = t;
    }
  }
  return out;
}
