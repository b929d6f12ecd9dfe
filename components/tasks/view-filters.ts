import type { TaskKind, TaskStatus } from "@/lib/tasks/constants";
import type { TaskFilters } from "@/server/tasks/filters";

/** The page's filter state, turned into the router's filters by `toTaskFilters`. */
export type DateRange = "all" | "24h" | "7d" | "30d";

export interface TaskViewFilters {
  statuses: TaskStatus[];
  kind: TaskKind | "all";
  agentId: string | "all";
  range: DateRange;
  q: string;
}

export const DEFAULT_TASK_FILTERS: TaskViewFilters = { statuses: [], kind: "all", agentId: "all", range: "all", q: "" };

export const RANGE_LABELS: Record<DateRange, string> = {
  all: "Any time",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

const RANGE_MS: Record<Exclude<DateRange, "all">, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export function toTaskFilters(v: TaskViewFilters, now: number): TaskFilters {
  const out: TaskFilters = {};
  if (v.statuses.length) out.statuses = v.statuses;
  if (v.kind !== "all") out.kinds = [v.kind];
  if (v.agentId !== "all") out.agentId = v.agentId;
  if (v.range !== "all") out.from = new Date(now - RANGE_MS[v.range]);
  const q = v.q.trim();
  if (q) out.q = q;
  return out;
}

export function isFiltered(v: TaskViewFilters): boolean {
  return v.statuses.length > 0 || v.kind !== "all" || v.agentId !== "all" || v.range !== "all" || v.q.trim() !== "";
}
