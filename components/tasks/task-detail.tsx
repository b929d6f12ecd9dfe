"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Download, FileBox, Pause, Play, RotateCcw, Square } from "lucide-react";
import NextLink from "next/link";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { LogViewer } from "@/components/log-viewer/log-viewer";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/react";
import { isFinished } from "@/lib/tasks/constants";
import type { TaskDetail as Detail } from "@/server/tasks/queries";
import { JsonBlock } from "@/components/tasks/json-block";
import { TaskStatusBadge } from "@/components/tasks/task-status-badge";
import { TaskSteps } from "@/components/tasks/task-steps";
import { useNow } from "@/components/tasks/use-now";
import { kindLabel, originHref, shortId, taskDuration } from "@/components/tasks/task-format";
import { formatBytes, formatDuration } from "@/lib/format";

type Link = { id: string; title: string; kind: string; status: string };

function TaskLink({ task, onOpen }: { task: Link; onOpen: (id: string) => void }) {
  return (
    <button
      type="button"
      onClick={() => onOpen(task.id)}
      className="flex w-full items-center gap-2 rounded-md px-1 py-0.5 text-left text-sm hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:outline-none"
    >
      <TaskStatusBadge status={task.status} />
      <span className="truncate">{task.title}</span>
      <span className="ml-auto font-mono text-xs text-muted-foreground">{shortId(task.id)}</span>
    </button>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Origin({ task }: { task: Detail }) {
  if (!task.originType) return <>{task.ownerId ? "Started by a user" : "System (schedule or start-up)"}</>;
  const label = `${task.originType}${task.originId ? ` · ${task.originId}` : ""}`;
  const href = originHref(task.originType, task.originId);
  return href ? (
    <NextLink href={href} className="underline underline-offset-4 hover:text-foreground" data-testid="task-origin">
      {label}
    </NextLink>
  ) : (
    label
  );
}

function Overview({ task, onOpen }: { task: Detail; onOpen: (id: string) => void }) {
  const now = useNow(!isFinished(task.status) && !!task.startedAt);
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <div className="flex items-center gap-2">
          <Progress value={task.progress} aria-label={`${task.progress}% done`} />
          <span className="w-10 text-right text-sm tabular-nums">{task.progress}%</span>
        </div>
        {task.progressMessage && <p className="text-sm text-muted-foreground">{task.progressMessage}</p>}
      </div>
      {task.error && (
        <p
          className="rounded-md border border-destructive/40 bg-destructive/10 p-2 text-sm break-words text-destructive"
          data-testid="task-error"
        >
          {task.error}
        </p>
      )}
      <dl className="flex flex-col gap-1.5">
        <Field label="Kind">{kindLabel[task.kind] ?? task.kind}</Field>
        <Field label="Priority">
          <span className="capitalize">{task.priority}</span>
        </Field>
        <Field label="Origin">
          <Origin task={task} />
        </Field>
        {task.agentId && (
          <Field label="Agent">
            <NextLink
              href={`/agents?agent=${encodeURIComponent(task.agentId)}`}
              className="underline underline-offset-4 hover:text-foreground"
              data-testid="task-agent"
            >
              {task.agentName ?? `Deleted agent ${task.agentId.slice(-6)}`}
            </NextLink>
          </Field>
        )}
        <Field label="Created">{time.format(task.createdAt)}</Field>
        {task.startedAt && <Field label="Started">{time.format(task.startedAt)}</Field>}
        {task.finishedAt && <Field label="Finished">{time.format(task.finishedAt)}</Field>}
        <Field label="Duration">{formatDuration(taskDuration(task, now))}</Field>
        {task.functionId && <Field label="Function">{task.functionId}</Field>}
        {task.runId && (
          <Field label="Run">
            <span className="font-mono text-xs">{task.runId}</span>
          </Field>
        )}
        {task.eventName && <Field label="Event">{task.eventName}</Field>}
      </dl>
      {(task.parent || task.children.length > 0 || task.retries.length > 0 || task.retryOfId) && (
        <div className="flex flex-col gap-1" data-testid="task-relations">
          <h3 className="text-sm font-medium">Related tasks</h3>
          {task.parent && (
            <div>
              <p className="text-xs text-muted-foreground">Parent</p>
              <TaskLink task={task.parent} onOpen={onOpen} />
            </div>
          )}
          {task.retryOfId && (
            <Button variant="link" size="sm" className="h-auto w-fit px-1" onClick={() => onOpen(task.retryOfId!)}>
              Retry of {shortId(task.retryOfId)}
            </Button>
          )}
          {task.children.length > 0 && (
            <div>
              <p className="text-xs text-muted-foreground">Subtasks</p>
              {task.children.map((c) => (
                <TaskLink key={c.id} task={c} onOpen={onOpen} />
              ))}
            </div>
          )}
          {task.retries.length > 0 && (
            <div>
              <p className="text-xs text-muted-foreground">Retries</p>
              {task.retries.map((c) => (
                <TaskLink key={c.id} task={c} onOpen={onOpen} />
              ))}
            </div>
          )}
        </div>
      )}
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-medium">Inputs</h3>
        <JsonBlock value={task.input} empty="This task has no inputs." testId="task-input" />
      </div>
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-medium">Output</h3>
        <JsonBlock
          value={task.output}
          empty={isFinished(task.status) ? "The run returned nothing." : "The output appears when the run succeeds."}
          testId="task-output"
        />
      </div>
    </div>
  );
}

function Artifacts({ task }: { task: Detail }) {
  if (task.artifacts.length === 0) {
    return (
      <EmptyState
        icon={FileBox}
        title="No artifacts"
        description="Files this task produces (reports, exports, summaries) appear here to download."
      />
    );
  }
  return (
    <ul className="flex flex-col divide-y rounded-md border" data-testid="task-artifacts">
      {task.artifacts.map((a) => (
        <li key={a.id} className="flex items-center gap-2 p-2 text-sm">
          <span className="min-w-0 flex-1 truncate" title={a.name}>
            {a.name}
          </span>
          <span className="text-xs text-muted-foreground">
            {a.mime} · {formatBytes(a.size)}
          </span>
          <Button asChild variant="outline" size="sm">
            <a href={`/api/tasks/${task.id}/artifacts/${a.id}`} download data-testid="task-artifact-download">
              <Download />
              Download
            </a>
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** The selected task: header with actions, then Overview, Progress, Logs and Artifacts tabs. */
export function TaskDetailPanel({
  id,
  onOpen,
  onClose,
}: {
  id: string;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({ ...trpc.tasks.get.queryOptions({ id }), retry: false });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
  const cancel = useMutation(
    trpc.tasks.cancel.mutationOptions({
      onSuccess: () => {
        toast.success("Task cancelled. The run stops at its next step.");
        void refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );
  const pause = useMutation(
    trpc.tasks.pause.mutationOptions({
      onSuccess: () => {
        toast.success("Task paused. The step in progress finishes; nothing after it starts until you resume.");
        void refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );
  const resume = useMutation(
    trpc.tasks.resume.mutationOptions({
      onSuccess: () => {
        toast.success("Task resumed.");
        void refresh();
      },
      onError: (err) => toast.error(err.message),
    }),
  );
  const retry = useMutation(
    trpc.tasks.retry.mutationOptions({
      onSuccess: (res) => {
        toast.success("Retry started as a new task.");
        void refresh();
        onOpen(res.id);
      },
      onError: (err) => toast.error(err.message),
    }),
  );

  if (detail.isPending) {
    return (
      <div className="flex flex-col gap-3 p-4" data-testid="task-detail" aria-busy>
        <Skeleton className="h-6 w-2/3" />
        <Skeleton className="h-4 w-1/3" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (detail.isError) {
    return (
      <div className="p-4" data-testid="task-detail">
        <EmptyState
          title="This task is not available"
          description={detail.error.message}
          action={
            <Button variant="outline" onClick={onClose}>
              Back to the list
            </Button>
          }
        />
      </div>
    );
  }
  const task = detail.data;
  const finished = isFinished(task.status);

  return (
    <div
      className="flex min-h-0 flex-col gap-3 p-4"
      data-testid="task-detail"
      data-task-id={task.id}
      data-status={task.status}
    >
      <div className="flex items-start gap-2">
        <Button variant="ghost" size="icon" className="-ml-2 lg:hidden" onClick={onClose} aria-label="Back to the list">
          <ArrowLeft />
        </Button>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-lg font-semibold" title={task.title} data-testid="task-detail-title">
            {task.title}
          </h2>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
            <TaskStatusBadge status={task.status} />
            <span>{kindLabel[task.kind] ?? task.kind}</span>
            <span className="font-mono">{task.id}</span>
          </div>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        {!finished && (
          <ConfirmDialog
            trigger={
              <Button variant="outline" size="sm" disabled={cancel.isPending} data-testid="task-cancel">
                <Square />
                Cancel
              </Button>
            }
            title="Cancel this task?"
            description="The run stops at its next step boundary; subtasks are cancelled too. Work already done is kept."
            confirmLabel="Cancel task"
            cancelLabel="Keep running"
            destructive
            onConfirm={() => cancel.mutate({ id: task.id })}
          />
        )}
        {task.status === "paused" ? (
          <Button
            variant="outline"
            size="sm"
            disabled={resume.isPending}
            onClick={() => resume.mutate({ id: task.id })}
            data-testid="task-resume"
          >
            <Play />
            Resume
          </Button>
        ) : (
          !finished &&
          task.runId && (
            <Button
              variant="outline"
              size="sm"
              disabled={pause.isPending}
              onClick={() => pause.mutate({ id: task.id })}
              data-testid="task-pause"
            >
              <Pause />
              Pause
            </Button>
          )
        )}
        {finished && (
          <Button
            variant="outline"
            size="sm"
            disabled={retry.isPending}
            onClick={() => retry.mutate({ id: task.id })}
            data-testid="task-retry"
          >
            <RotateCcw />
            Retry
          </Button>
        )}
      </div>
      <Tabs defaultValue="overview" className="min-h-0 flex-1">
        <TabsList>
          <TabsTrigger value="overview" data-testid="task-tab-overview">
            Overview
          </TabsTrigger>
          <TabsTrigger value="progress" data-testid="task-tab-progress">
            Progress{task.steps.length ? ` (${task.steps.length})` : ""}
          </TabsTrigger>
          <TabsTrigger value="logs" data-testid="task-tab-logs">
            Logs
          </TabsTrigger>
          <TabsTrigger value="artifacts" data-testid="task-tab-artifacts">
            Artifacts{task.artifacts.length ? ` (${task.artifacts.length})` : ""}
          </TabsTrigger>
        </TabsList>
        <TabsContent value="overview">
          <Overview task={task} onOpen={onOpen} />
        </TabsContent>
        <TabsContent value="progress">
          <TaskSteps steps={task.steps} />
        </TabsContent>
        <TabsContent value="logs" className="h-[32rem] min-h-0">
          <LogViewer
            fixed={{ taskId: task.id }}
            hideSubsystems
            className="h-full"
            emptyHint="This task's log lines appear here as its steps run."
          />
        </TabsContent>
        <TabsContent value="artifacts">
          <Artifacts task={task} />
        </TabsContent>
      </Tabs>
    </div>
  );
}
