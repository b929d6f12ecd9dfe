"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import NextLink from "next/link";
import { useState } from "react";
import { LogViewer } from "@/components/log-viewer/log-viewer";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { TaskStatusBadge } from "@/components/tasks/task-status-badge";
import { formatDuration } from "@/lib/format";
import { useEventStream } from "@/hooks/use-event-stream";
import { useTRPC } from "@/lib/trpc/react";
import { isFinished } from "@/lib/tasks/constants";

/** A job's runs (its tasks), live, each linking to the Tasks page; "Logs" shows that run's log lines. */
export function JobRuns({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery(trpc.automation.runs.queryOptions({ id: jobId, limit: 50 }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
  useEventStream(["tasks"], refresh, { onPoll: refresh, onGap: refresh });
  const [logsOf, setLogsOf] = useState<string | null>(null);

  if (runs.isPending) return <Skeleton className="h-24 w-full" />;
  if (!runs.data?.length)
    return <p className="text-sm text-muted-foreground">No runs yet. Press Run now, or wait for its schedule.</p>;
  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col divide-y rounded-md border text-sm" data-testid="job-runs">
        {runs.data.map((r) => (
          <li
            key={r.id}
            className="flex flex-wrap items-center gap-2 px-3 py-2"
            data-testid="job-run"
            data-status={r.status}
          >
            <TaskStatusBadge status={r.status} />
            <NextLink href={`/tasks?task=${r.id}`} className="font-mono text-xs hover:underline">
              {new Date(r.createdAt).toLocaleString()}
            </NextLink>
            <span className="text-muted-foreground tabular-nums">{formatDuration(r.durationMs)}</span>
            {!isFinished(r.status) && <Progress value={r.progress} className="h-1.5 w-24" aria-label="Progress" />}
            {r.error && <span className="w-full truncate text-xs text-red-600 dark:text-red-400">{r.error}</span>}
            {!r.error && r.progressMessage && (
              <span className="w-full truncate text-xs text-muted-foreground">{r.progressMessage}</span>
            )}
            <Button
              variant="ghost"
              size="sm"
              className="ml-auto"
              onClick={() => setLogsOf(logsOf === r.id ? null : r.id)}
            >
              {logsOf === r.id ? "Hide logs" : "Logs"}
            </Button>
          </li>
        ))}
      </ul>
      {logsOf && (
        <LogViewer
          fixed={{ taskId: logsOf }}
          hideSubsystems
          className="h-80"
          emptyHint="This run has written no log lines yet."
        />
      )}
    </div>
  );
}
