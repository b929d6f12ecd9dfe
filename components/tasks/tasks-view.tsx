"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ListTodo, Plus, RefreshCw, SearchX, Trash2 } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { Button } from "@/components/ui/button";
import { QueryState } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { useEventStream } from "@/hooks/use-event-stream";
import { useKeyHotkey } from "@/hooks/use-hotkey";
import { useUrlParam } from "@/hooks/use-url-param";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import type { TaskStatus } from "@/lib/tasks/constants";
import { TaskCounters } from "@/components/tasks/task-counters";
import { TaskDetailPanel } from "@/components/tasks/task-detail";
import { TaskFilterBar } from "@/components/tasks/task-filter-bar";
import { NewTaskDialog } from "@/components/tasks/new-task-dialog";
import { TaskTable } from "@/components/tasks/task-table";
import { DEFAULT_TASK_FILTERS, isFiltered, type TaskViewFilters, toTaskFilters } from "@/components/tasks/view-filters";

const REFRESH_THROTTLE_MS = 400;

/** The Tasks page: live counters, filters, the list and the selected task's detail. */
export function TasksView({ initialTaskId }: { initialTaskId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useState<TaskViewFilters>(DEFAULT_TASK_FILTERS);
  const [anchor, setAnchor] = useState(() => Date.now());
  const [selected, select] = useUrlParam("task", initialTaskId);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [creating, setCreating] = useState(false);
  useKeyHotkey("n", () => setCreating(true));

  const filters = useMemo(() => toTaskFilters(view, anchor), [view, anchor]);
  const list = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(
      { filters, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() }),
    [queryClient, trpc],
  );
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleRefresh = useCallback(() => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      void refresh();
    }, REFRESH_THROTTLE_MS);
  }, [refresh]);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const stream = useEventStream(["tasks"], scheduleRefresh, { onPoll: refresh, onGap: () => void refresh() });

  const changeView = useCallback((next: TaskViewFilters) => {
    setView(next);
    setAnchor(Date.now());
    setChecked(new Set());
  }, []);
  const toggleStatus = (status: TaskStatus) =>
    changeView({ ...view, statuses: view.statuses.length === 1 && view.statuses[0] === status ? [] : [status] });

  const del = useMutation(
    trpc.tasks.deleteFinished.mutationOptions({
      onSuccess: ({ deleted }) => {
        toast.success(
          deleted === 0
            ? "There were no finished tasks to delete."
            : `Deleted ${deleted} finished ${deleted === 1 ? "task" : "tasks"}.`,
        );
        if (selected && (checked.size === 0 || checked.has(selected))) select(null);
        setChecked(new Set());
        void refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );
  const checkedIds = [...checked];

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <TaskCounters selected={view.statuses} onToggle={toggleStatus} />
        <div className="flex items-center gap-2">
          <span className="text-xs text-muted-foreground" data-testid="tasks-live" data-state={stream.status}>
            {stream.status === "open" ? "Live" : stream.status === "polling" ? "Reconnecting…" : ""}
          </span>
          <Button
            variant="outline"
            size="sm"
            onClick={() => void refresh()}
            aria-label="Refresh"
            data-testid="tasks-refresh"
          >
            <RefreshCw />
          </Button>
          <Button size="sm" onClick={() => setCreating(true)} data-testid="tasks-new" title="New task (N)">
            <Plus />
            New task
          </Button>
          <Button
            variant="outline"
            size="sm"
            onClick={() => setConfirmDelete(true)}
            disabled={del.isPending}
            data-testid="tasks-delete-finished"
          >
            <Trash2 />
            {checkedIds.length ? `Delete ${checkedIds.length} selected` : "Clear finished"}
          </Button>
        </div>
      </div>
      <TaskFilterBar value={view} onChange={changeView} />
      <div className="grid min-h-0 flex-1 gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,30rem)]">
        <div className={cn("flex min-h-0 flex-col gap-2", selected && "hidden lg:flex")}>
          <QueryState
            query={list}
            errorTitle="The tasks could not be loaded"
            errorIcon={SearchX}
            onRetry={refresh}
            isEmpty={rows.length === 0}
            empty={
              isFiltered(view) ? (
                <EmptyState
                  icon={SearchX}
                  title="No tasks match these filters"
                  description="Change or clear the filters to see more."
                  action={
                    <Button variant="outline" onClick={() => changeView(DEFAULT_TASK_FILTERS)}>
                      Clear filters
                    </Button>
                  }
                  data-testid="tasks-empty"
                />
              ) : (
                <EmptyState
                  icon={ListTodo}
                  title="No tasks yet"
                  description="Every piece of background work becomes a task here: workflow runs, scheduled jobs, document ingestion, mail sync, diagnostics and chat answers that use tools. Start one with New task (N), or from Chat, Workflows or Automation, and follow it live."
                  action={
                    <Button onClick={() => setCreating(true)}>
                      <Plus />
                      New task
                    </Button>
                  }
                  data-testid="tasks-empty"
                />
              )
            }
          >
            <TaskTable
              rows={rows}
              selectedId={selected}
              onSelect={select}
              checked={checked}
              onCheck={(id, on) =>
                setChecked((prev) => {
                  const next = new Set(prev);
                  if (on) next.add(id);
                  else next.delete(id);
                  return next;
                })
              }
            />
            {list.hasNextPage && (
              <Button
                variant="outline"
                className="self-center"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
                data-testid="tasks-more"
              >
                {list.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            )}
          </QueryState>
        </div>
        <aside
          className={cn("min-h-0 overflow-y-auto rounded-lg border", !selected && "hidden lg:block")}
          aria-label="Task details"
        >
          {selected ? (
            <TaskDetailPanel key={selected} id={selected} onOpen={select} onClose={() => select(null)} />
          ) : (
            <div className="flex h-full items-center justify-center p-6 text-center text-sm text-muted-foreground">
              Select a task to see its inputs, steps, logs and files.
            </div>
          )}
        </aside>
      </div>
      <NewTaskDialog
        open={creating}
        onOpenChange={setCreating}
        onStarted={(id) => {
          select(id);
          void refresh();
        }}
      />
      <ConfirmDialog
        open={confirmDelete}
        title={
          checkedIds.length
            ? `Delete ${checkedIds.length} selected ${checkedIds.length === 1 ? "task" : "tasks"}?`
            : "Delete all finished tasks?"
        }
        description="Succeeded, failed and cancelled tasks are removed with their steps and files. Their log lines stay in Logs. Running work is never deleted."
        confirmLabel="Delete"
        destructive
        confirmTestId="tasks-delete-confirm"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          del.mutate(checkedIds.length ? { ids: checkedIds } : { all: true });
        }}
      />
    </div>
  );
}
