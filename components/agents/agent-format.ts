import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type AgentRow = Outputs["agents"]["list"][number];
export type AgentDetail = Outputs["agents"]["get"];
export type AgentStatus = AgentRow["status"];

export const STATUS_STYLE: Record<
  AgentStatus,
  { label: string; dot: string; badge: "success" | "warning" | "destructive" }
> = {
  active: { label: "Active", dot: "bg-success", badge: "success" },
  paused: { label: "Paused", dot: "bg-warning", badge: "warning" },
  disabled: { label: "Disabled", dot: "bg-destructive", badge: "destructive" },
};

export const MEMORY_LABELS = {
  none: "None",
  conversation: "This conversation",
  long_term: "Long-term memory",
} as const;

export function formatRate(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(rate > 0 && rate < 0.01 ? 1 : 0)}%`;
}

export function formatAgo(date: Date | null, now: number): string {
  if (!date) return "Never";
  const s = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
