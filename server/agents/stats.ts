import "server-only";
import { findVisibleAgent, type Viewer } from "@/server/agents/access";
import {
  countChatCallsByAgents,
  countTasksByAgents,
  listModelCallsByAgentSince,
  listToolCallsByAgentSince,
  sumModelCallsByAgentsSince,
} from "@/server/agents/store/activity";

const DAY_MS = 24 * 60 * 60_000;

export interface AgentStats {
  runs: number;
  tokens24h: number;
  calls24h: number;
  errors24h: number;
  /** Failed model calls / all model calls in the last 24 h; null without calls. */
  errorRate: number | null;
  lastActivityAt: Date | null;
}

const EMPTY: AgentStats = { runs: 0, tokens24h: 0, calls24h: 0, errors24h: 0, errorRate: null, lastActivityAt: null };

// A user's numbers cover their own work only; an admin's the whole machine's.
function workOf(viewer: Viewer): string | undefined {
  return viewer.role === "admin" ? undefined : viewer.id;
}

function later(a: Date | null, b: Date | null | undefined): Date | null {
  if (!b) return a;
  return !a || b > a ? b : a;
}

/**
 * Runs (tasks with the agent plus chat answers it gave), tokens and error rate of the last 24 h,
 * and last activity, for many agents in a handful of grouped queries.
 */
export async function agentStats(
  viewer: Viewer,
  agentIds: string[],
  now = new Date(),
): Promise<Record<string, AgentStats>> {
  const out: Record<string, AgentStats> = Object.fromEntries(agentIds.map((id) => [id, { ...EMPTY }]));
  if (agentIds.length === 0) return out;
  const userId = workOf(viewer);
  const since = new Date(now.getTime() - DAY_MS);
  const [tasks, chatCalls, recent] = await Promise.all([
    countTasksByAgents({ agentIds, ownerId: userId }),
    countChatCallsByAgents({ agentIds, userId }),
    sumModelCallsByAgentsSince({ agentIds, userId, since }),
  ]);
  for (const c of [...tasks, ...chatCalls]) {
    const st = out[c.agentId]!;
    st.runs += c.count;
    st.lastActivityAt = later(st.lastActivityAt, c.lastAt);
  }
  for (const c of recent) {
    const st = out[c.agentId]!;
    st.calls24h = c.calls;
    st.errors24h = c.errors;
    st.tokens24h = c.tokens;
    st.lastActivityAt = later(st.lastActivityAt, c.lastAt);
  }
  for (const st of Object.values(out)) st.errorRate = st.calls24h > 0 ? st.errors24h / st.calls24h : null;
  return out;
}

export interface PerformanceDay {
  day: string;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  errors: number;
  avgLatencyMs: number | null;
  toolCalls: number;
  toolErrors: number;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// Enough rows for two weeks of heavy use; beyond it the charts show the newest rows.
const MAX_ROWS = 20_000;

/** Per-day series for the Performance tab: tokens, calls, errors, latency, tool calls. */
export async function agentPerformance(viewer: Viewer, agentId: string, days = 14, now = new Date()) {
  await findVisibleAgent(viewer, agentId);
  const userId = workOf(viewer);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
  const [calls, tools] = await Promise.all([
    listModelCallsByAgentSince({ agentId, userId, since: start, limit: MAX_ROWS }),
    listToolCallsByAgentSince({ agentId, userId, since: start, limit: MAX_ROWS }),
  ]);
  const series = new Map<string, PerformanceDay & { latencySum: number; latencyN: number }>();
  for (let i = 0; i < days; i++) {
    const day = new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    series.set(day, {
      day,
      inputTokens: 0,
      outputTokens: 0,
      calls: 0,
      errors: 0,
      avgLatencyMs: null,
      toolCalls: 0,
      toolErrors: 0,
      latencySum: 0,
      latencyN: 0,
    });
  }
  for (const c of calls) {
    const d = series.get(c.createdAt.toISOString().slice(0, 10));
    if (!d) continue;
    d.calls += 1;
    d.inputTokens += c.inputTokens ?? 0;
    d.outputTokens += c.outputTokens ?? 0;
    if (!c.ok) d.errors += 1;
    d.latencySum += c.durationMs;
    d.latencyN += 1;
  }
  for (const t of tools) {
    const d = series.get(t.createdAt.toISOString().slice(0, 10));
    if (!d) continue;
    d.toolCalls += 1;
    if (t.status === "error") d.toolErrors += 1;
  }
  const latencies = calls.map((c) => c.durationMs).sort((a, b) => a - b);
  return {
    days: [...series.values()].map(({ latencySum, latencyN, ...d }) => ({
      ...d,
      avgLatencyMs: latencyN > 0 ? latencySum / latencyN : null,
    })),
    latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    totals: {
      calls: calls.length,
      errors: calls.filter((c) => !c.ok).length,
      tokens: calls.reduce((n, c) => n + (c.inputTokens ?? 0) + (c.outputTokens ?? 0), 0),
      toolCalls: tools.length,
    },
  };
}
