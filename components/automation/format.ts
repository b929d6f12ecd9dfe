import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type JobRow = Outputs["automation"]["list"][number];
export type SchedulerStatus = Outputs["automation"]["status"];

/** "in 42 s", "in 3 min", "overdue" for a next run. */
export function countdown(at: Date | string | null, now: number): string {
  if (!at) return "–";
  const ms = new Date(at).getTime() - now;
  if (ms <= 0) return "due now";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `in ${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `in ${h} h ${m % 60} min`;
  return `in ${Math.floor(h / 24)} days`;
}

/** A time on the wall clock of a zone, with the zone's short name ("Mon 30 Mar, 03:00 CEST"). */
export function formatInZone(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  }).format(new Date(at));
}

export const LAST_STATUS_STYLE: Record<string, { label: string; className: string }> = {
  running: { label: "Running", className: "text-sky-600 dark:text-sky-400" },
  succeeded: { label: "OK", className: "text-emerald-600 dark:text-emerald-400" },
  failed: { label: "Failed", className: "text-red-600 dark:text-red-400" },
  cancelled: { label: "Cancelled", className: "text-muted-foreground" },
  skipped: { label: "Skipped", className: "text-amber-600 dark:text-amber-400" },
};

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}
