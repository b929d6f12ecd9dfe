import type { JobTrigger } from "@/lib/automation/job-schema";

/** A trigger in words for the table ("Every 30 s", "Cron 0 3 * * * (Europe/Berlin)"); client-safe. */
export function describeTrigger(t: JobTrigger): string {
  switch (t.type) {
    case "cron":
      return `Cron ${t.cron} (${t.timeZone})`;
    case "interval":
      return `Every ${describeSeconds(t.seconds)}`;
    case "event":
      return `On ${t.event}${t.filter ? ` if ${t.filter}` : ""}`;
    case "manual":
      return "Manual";
  }
}

export function describeSeconds(s: number): string {
  if (s % 86_400 === 0) return s === 86_400 ? "day" : `${s / 86_400} days`;
  if (s % 3600 === 0) return s === 3600 ? "hour" : `${s / 3600} h`;
  if (s % 60 === 0) return s === 60 ? "minute" : `${s / 60} min`;
  return `${s} s`;
}
