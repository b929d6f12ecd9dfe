"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import NextLink from "next/link";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { useEventStream } from "@/hooks/use-event-stream";
import { useTRPC } from "@/lib/trpc/react";
import { isFinished } from "@/lib/tasks/constants";
import type { OriginType } from "@/server/tasks/queries";
import { TaskStatusBadge } from "@/components/tasks/task-status-badge";

const WHAT: Record<OriginType, string> = {
  chat: "chat",
  job: "job",
  document: "document",
  namespace: "namespace",
  workflow: "workflow",
};

/**
 * A compact, live list of the tasks one origin started (a chat, job, document or workflow), each
 * linking to its detail on the Tasks page. Mount it wherever that origin is shown.
 */
export function OriginTasks({
  originType,
  originId,
  limit = 20,
}: {
  originType: OriginType;
  originId: string;
  limit?: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tasks = useQuery(trpc.tasks.byOrigin.queryOptions({ originType, originId, limit }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.tasks.byOrigin.pathKey() });
  useEventStream(["tasks"], refresh, { onPoll: refresh, onGap: refresh });

  if (tasks.isPending) {
    return (
      <div className="flex flex-col gap-1.5" aria-busy data-testid="origin-tasks">
        <Skeleton className="h-8 w-full" />
        <Skeleton className="h-8 w-full" />
      </div>
    );
  }
  if (tasks.isError)
    return (
      <p className="text-sm text-destructive" data-testid="origin-tasks">
        {tasks.error.message}
      </p>
    );
  if (tasks.data.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="origin-tasks">
        No tasks yet. Background work this {WHAT[originType]} starts appears here.
      </p>
    );
  }
  return (
    <ul className="flex flex-col divide-y rounded-md border" data-testid="origin-tasks">
      {tasks.data.map((t) => (
        <li key={t.id}>
          <NextLink
            href={`/tasks?task=${encodeURIComponent(t.id)}`}
            className="flex flex-col gap-1 px-2 py-1.5 text-sm hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:outline-none"
            data-testid="origin-task"
            data-status={t.status}
          >
            <span className="flex items-center gap-2">
              <TaskStatusBadge status={t.status} />
              <span className="min-w-0 flex-1 truncate" title={t.title}>
                {t.title}
              </span>
              <span className="text-xs text-muted-foreground tabular-nums">{t.progress}%</span>
            </span>
            {!isFinished(t.status) && (
              <Progress value={t.progress} aria-label={`${t.progress}% done`} className="h-1" />
            )}
            {(t.progressMessage || t.error) && (
              <span
                className={
                  t.error && t.status === "failed"
                    ? "truncate text-xs text-destructive"
                    : "truncate text-xs text-muted-foreground"
                }
              >
                {t.status === "failed" ? (t.error ?? t.progressMessage) : t.progressMessage}
              </span>
            )}
          </NextLink>
        </li>
      ))}
    </ul>
  );
}
