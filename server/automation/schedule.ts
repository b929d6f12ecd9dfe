import { type CronSchedule, nextCronTime, parseCron } from "@/server/executor/cron";
import type { JobTrigger } from "@/server/automation/job-schema";

/**
 * Next-run computation, on the wall clock of the job's IANA time zone (the executor's cron
 * parser, so jobs and Inngest cron triggers agree). Across DST a wall-clock time that does not
 * exist that day is skipped, and one that happens twice fires twice, as classic cron does.
 */
export function cronSchedule(cron: string, timeZone: string): CronSchedule {
  return { ...parseCron(cron), timeZone };
}

/** The first run strictly after `after`, or null for triggers that are not on a clock. */
export function nextRunAfter(trigger: JobTrigger, after: Date, anchor?: Date | null): Date | null {
  switch (trigger.type) {
    case "cron":
      return new Date(nextCronTime(cronSchedule(trigger.cron, trigger.timeZone), after.getTime()));
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
