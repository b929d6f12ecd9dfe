"use client";

import { useQuery } from "@tanstack/react-query";
import { formatNumber } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import type { TaskStatus } from "@/lib/tasks/constants";
import { statusStyle } from "@/components/tasks/task-format";

const ORDER: TaskStatus[] = ["running", "waiting", "paused", "queued", "succeeded", "failed", "cancelled"];

/** Live counts per status; each counter also toggles that status in the list's filter. */
export function TaskCounters({
  selected,
  onToggle,
}: {
  selected: TaskStatus[];
  onToggle: (status: TaskStatus) => void;
}) {
  const trpc = useTRPC();
  const counts = useQuery(trpc.tasks.counts.queryOptions());
  return (
    <fieldset
      className="flex flex-wrap gap-2"
      data-testid="tasks-counters"
      aria-busy={counts.isPending}
      aria-label="Tasks by status"
    >
      {ORDER.map((status) => {
        const style = statusStyle[status];
        const on = selected.includes(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={on}
            onClick={() => onToggle(status)}
            data-testid={`tasks-counter-${status}`}
            title={on ? `Show all statuses` : `Show only ${style.label.toLowerCase()} tasks`}
            className={cn(
              "flex items-center gap-2 rounded-md border px-2.5 py-1 text-sm transition-colors outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50",
              on ? "border-foreground/40 bg-accent" : "border-border",
            )}
          >
            <span className={cn("size-2 rounded-full", style.dot)} aria-hidden />
            <span className="text-muted-foreground">{style.label}</span>
            <span className="font-semibold tabular-nums" data-testid={`tasks-count-${status}`}>
              {counts.data ? formatNumber(counts.data[status]) : "–"}
            </span>
          </button>
        );
      })}
    </fieldset>
  );
}
