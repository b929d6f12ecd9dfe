"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDuration } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

/** Duration min/avg/max and success ratio of the last 100 finished runs, with a bar per recent run. */
export function JobPerformance({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const perf = useQuery(trpc.automation.performance.queryOptions({ id: jobId }));
  if (perf.isPending) return <Skeleton className="h-32 w-full" />;
  const p = perf.data;
  if (!p || p.finished === 0)
    return <p className="text-sm text-muted-foreground">No finished runs yet: figures appear after the first run.</p>;
  const max = Math.max(1, ...p.recent.map((r) => r.durationMs));
  const stats = [
    ["Runs", String(p.runs)],
    ["Success", `${Math.round((p.successRatio ?? 0) * 100)} %`],
    ["Min", formatDuration(p.minMs)],
    ["Average", formatDuration(p.avgMs)],
    ["Max", formatDuration(p.maxMs)],
  ];
  return (
    <div className="flex flex-col gap-4" data-testid="job-performance">
      <dl className="grid grid-cols-3 gap-3 text-sm sm:grid-cols-5">
        {stats.map(([k, v]) => (
          <div key={k} className="rounded-md border p-2">
            <dt className="text-xs text-muted-foreground">{k}</dt>
            <dd className="font-medium tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <div>
        <p className="mb-1 text-xs text-muted-foreground">Duration of the last {p.recent.length} runs (red: failed)</p>
        <div className="flex h-24 items-end gap-0.5 rounded-md border p-1" role="img" aria-label="Run durations">
          {p.recent.map((r) => (
            <div
              key={r.taskId}
              title={`${new Date(r.at).toLocaleString()}: ${formatDuration(r.durationMs)}`}
              className={cn("min-w-1 flex-1 rounded-sm", r.ok ? "bg-emerald-500/70" : "bg-red-500/70")}
              style={{ height: `${Math.max(4, (r.durationMs / max) * 100)}%` }}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
