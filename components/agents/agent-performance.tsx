"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/react";
import { BarChart } from "@/components/agents/bar-chart";
import { formatCompact, formatDuration } from "@/lib/format";

const day = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/** Two weeks of the agent's model calls and tool calls, per day. */
export function AgentPerformance({ agentId }: { agentId: string }) {
  const trpc = useTRPC();
  const perf = useQuery(trpc.agents.performance.queryOptions({ id: agentId, days: 14 }));
  if (perf.isPending) return <Skeleton className="h-64 w-full" />;
  if (perf.isError) return <p className="text-sm text-destructive">{perf.error.message}</p>;
  const { days, latency, totals } = perf.data;
  if (totals.calls === 0 && totals.toolCalls === 0) {
    return (
      <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">
        No model calls in the last 14 days. Open a chat with this agent and its numbers appear here.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4" data-testid="agent-performance">
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {[
          ["Calls", String(totals.calls)],
          ["Tokens", formatCompact(totals.tokens)],
          [
            "Latency p50 / p95",
            latency.p50 === null ? "–" : `${formatDuration(latency.p50)} / ${formatDuration(latency.p95)}`,
          ],
          ["Tool calls", String(totals.toolCalls)],
        ].map(([k, v]) => (
          <div key={k} className="rounded-md border p-2">
            <dt className="text-xs text-muted-foreground">{k}</dt>
            <dd className="font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <BarChart
        label="Tokens per day"
        format={formatCompact}
        points={days.map((d) => ({
          key: d.day,
          label: day(d.day),
          value: d.inputTokens + d.outputTokens,
          title: `${day(d.day)}: ${d.inputTokens} in, ${d.outputTokens} out`,
        }))}
      />
      <BarChart
        label="Calls per day (errors in red)"
        format={String}
        points={days.map((d) => ({
          key: d.day,
          label: day(d.day),
          value: d.calls - d.errors,
          stacked: d.errors,
          title: `${day(d.day)}: ${d.calls} calls, ${d.errors} failed`,
        }))}
      />
      <BarChart
        label="Average latency"
        format={formatDuration}
        points={days.map((d) => ({ key: d.day, label: day(d.day), value: d.avgLatencyMs ?? 0 }))}
      />
      <BarChart
        label="Tool calls per day (errors in red)"
        format={String}
        points={days.map((d) => ({
          key: d.day,
          label: day(d.day),
          value: d.toolCalls - d.toolErrors,
          stacked: d.toolErrors,
        }))}
      />
    </div>
  );
}
