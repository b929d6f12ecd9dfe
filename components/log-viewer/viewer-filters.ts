import type { LogLevel } from "@/lib/log-levels";
import type { ExportFormat, LogFilters } from "@/lib/logs/filters";

/** What the filter bar holds; turned into LogFilters (absolute times) for queries and exports. */
export type RangePreset = "1h" | "today" | "7d" | "all" | "custom";

export interface ViewerFilters {
  levels: LogLevel[];
  subsystems: string[];
  range: RangePreset;
  /** datetime-local values, used when range is "custom". */
  customFrom: string;
  customTo: string;
  q: string;
}

export const DEFAULT_VIEWER_FILTERS: ViewerFilters = {
  levels: [],
  subsystems: [],
  range: "all",
  customFrom: "",
  customTo: "",
  q: "",
};

export const RANGE_LABELS: Record<RangePreset, string> = {
  "1h": "Last hour",
  today: "Today",
  "7d": "Last 7 days",
  all: "All time",
  custom: "Custom",
};

function localInput(value: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `anchor` is when the preset was chosen, so "last hour" does not move on every render. */
export function toLogFilters(f: ViewerFilters, anchor: number, fixed: Partial<LogFilters> = {}): LogFilters {
  const out: LogFilters = { ...fixed };
  if (f.levels.length) out.levels = f.levels;
  if (f.subsystems.length) out.subsystems = f.subsystems;
  if (f.q.trim()) out.q = f.q.trim();
  if (f.range === "1h") out.from = new Date(anchor - 3_600_000);
  if (f.range === "7d") out.from = new Date(anchor - 7 * 86_400_000);
  if (f.range === "today") {
    const d = new Date(anchor);
    d.setHours(0, 0, 0, 0);
    out.from = d;
  }
  if (f.range === "custom") {
    out.from = localInput(f.customFrom);
    out.to = localInput(f.customTo);
    if (out.from && out.to && out.from > out.to) [out.from, out.to] = [out.to, out.from];
  }
  return out;
}

export function isFiltered(f: LogFilters): boolean {
  return Boolean(f.levels?.length || f.subsystems?.length || f.q || f.from || f.to);
}

/** The export route's URL for the current filters. */
export function exportUrl(format: ExportFormat, f: LogFilters): string {
  const params = new URLSearchParams({ format });
  if (f.levels?.length) params.set("levels", f.levels.join(","));
  for (const s of f.subsystems ?? []) params.append("subsystems", s);
  if (f.from) params.set("from", f.from.toISOString());
  if (f.to) params.set("to", f.to.toISOString());
  for (const key of ["q", "correlationId", "taskId", "agentId", "workflowId"] as const) {
    const v = f[key];
    if (v) params.set(key, v);
  }
  return `/api/logs/export?${params.toString()}`;
}
