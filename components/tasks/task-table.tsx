"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/lib/utils";
import { isFinished } from "@/lib/tasks/constants";
import type { TaskListItem } from "@/server/tasks/queries";
import { TaskStatusBadge } from "@/components/tasks/task-status-badge";
import { kindLabel, shortId, taskDuration } from "@/components/tasks/task-format";
import { formatDuration } from "@/lib/format";

const priorityClass: Record<string, string> = {
  low: "text-muted-foreground",
  normal: "",
  high: "text-warning font-medium",
  critical: "text-destructive font-semibold",
};

/**
 * The task list: a row opens its detail (click, Enter or Space); finished rows can be ticked for
 * bulk deletion. Arrow keys move between rows.
 */
export function TaskTable({
  rows,
  selectedId,
  onSelect,
  checked,
  onCheck,
}: {
  rows: TaskListItem[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  checked: Set<string>;
  onCheck: (id: string, on: boolean) => void;
}) {
  const moveFocus = (e: React.KeyboardEvent<HTMLTableRowElement>, delta: number) => {
    const next = (
      delta > 0 ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
    ) as HTMLElement | null;
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

  return (
    <div className="overflow-x-auto rounded-lg border">
      <table className="w-full text-sm" data-testid="tasks-table">
        <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
          <tr>
            <th className="w-8 px-2 py-2">
              <span className="sr-only">Select for deletion</span>
            </th>
            <th className="w-full px-2 py-2 font-medium">Task</th>
            <th className="px-2 py-2 font-medium">Status</th>
            <th className="hidden px-2 py-2 font-medium sm:table-cell">Progress</th>
            <th className="hidden px-2 py-2 font-medium 2xl:table-cell">Started</th>
            <th className="hidden px-2 py-2 font-medium md:table-cell">Duration</th>
            <th className="hidden px-2 py-2 font-medium xl:table-cell">Priority</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr
              key={t.id}
              tabIndex={0}
              aria-selected={t.id === selectedId}
              data-testid="task-row"
              data-task-id={t.id}
              data-status={t.status}
              onClick={(e) => {
                // A click in the selection cell (the checkbox or around it) checks, it does not open the task.
                if (e.target instanceof Element && e.target.closest("[data-select-cell]")) return;
                onSelect(t.id);
              }}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget) return;
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onSelect(t.id);
                } else if (e.key === "ArrowDown") moveFocus(e, 1);
                else if (e.key === "ArrowUp") moveFocus(e, -1);
              }}
              className={cn(
                "cursor-pointer border-t outline-none hover:bg-accent/50 focus-visible:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
                t.id === selectedId && "bg-accent",
              )}
            >
              <td className="px-2 py-2" data-select-cell>
                {isFinished(t.status) && (
                  <Checkbox
                    checked={checked.has(t.id)}
                    onCheckedChange={(on) => onCheck(t.id, on === true)}
                    aria-label={`Select "${t.title}" for deletion`}
                    data-testid="task-check"
                  />
                )}
              </td>
              <td className="max-w-0 min-w-40 px-2 py-2">
                <div className="truncate font-medium" title={t.title}>
                  {t.parentId && (
                    <span role="img" className="mr-1 text-muted-foreground" aria-label="Subtask">
                      ↳
                    </span>
                  )}
                  {t.title}
                </div>
                <div className="flex gap-2 text-xs text-muted-foreground">
                  <span>{kindLabel[t.kind] ?? t.kind}</span>
                  <span className="font-mono">{shortId(t.id)}</span>
                  {t.attempt > 0 && <span>attempt {t.attempt + 1}</span>}
                </div>
              </td>
              <td className="px-2 py-2">
                <TaskStatusBadge status={t.status} />
              </td>
              <td className="hidden max-w-40 min-w-32 px-2 py-2 sm:table-cell">
                <div className="flex items-center gap-2">
                  <Progress value={t.progress} className="h-1.5" aria-label={`${t.progress}% done`} />
                  <span className="w-9 text-right text-xs tabular-nums text-muted-foreground">{t.progress}%</span>
                </div>
                {t.progressMessage && (
                  <div className="truncate text-xs text-muted-foreground" title={t.progressMessage}>
                    {t.progressMessage}
                  </div>
                )}
              </td>
              <td className="hidden px-2 py-2 text-xs whitespace-nowrap text-muted-foreground 2xl:table-cell">
                {time.format(t.startedAt ?? t.createdAt)}
              </td>
              <td className="hidden px-2 py-2 text-xs whitespace-nowrap tabular-nums md:table-cell">
                {formatDuration(taskDuration(t))}
              </td>
              <td className={cn("hidden px-2 py-2 text-xs capitalize xl:table-cell", priorityClass[t.priority])}>
                {t.priority}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
