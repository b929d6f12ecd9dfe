"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Copy, Pencil, Play, Trash2 } from "lucide-react";
import NextLink from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDuration } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { describeTrigger } from "@/lib/automation/describe";
import { BUILTIN_LABELS } from "@/lib/automation/job-schema";
import { formatInZone, type JobRow, LAST_STATUS_STYLE } from "@/components/automation/format";
import { JobPerformance } from "@/components/automation/job-performance";
import { JobRuns } from "@/components/automation/job-runs";
import { SchedulePreview } from "@/components/automation/schedule-preview";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** One job: Overview, Schedule, Parameters, Runs, Performance; Run now, Edit, Duplicate, Delete. */
export function JobDetail({
  job,
  jobs,
  canEdit,
  onClose,
  onEdit,
  onSelect,
}: {
  job: JobRow;
  jobs: JobRow[];
  canEdit: boolean;
  onClose: () => void;
  onEdit: () => void;
  onSelect: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
  const runNow = useMutation(
    trpc.automation.runNow.mutationOptions({
      onSuccess: (r) => {
        if (r.started)
          toast.success(`Started "${job.name}".`, {
            action: { label: "Open task", onClick: () => window.location.assign(`/tasks?task=${r.taskId}`) },
          });
        else toast.warning(`"${job.name}" did not start: ${r.reason}.`);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const duplicate = useMutation(
    trpc.automation.duplicate.mutationOptions({
      onSuccess: (copy) => {
        toast.success(`Created "${copy.name}" (disabled until you enable it).`);
        refresh();
        onSelect(copy.id);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const del = useMutation(
    trpc.automation.delete.mutationOptions({
      onSuccess: ({ deleted }) => {
        toast.success(`Deleted "${deleted}".`);
        refresh();
        onClose();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const last = job.lastStatus ? LAST_STATUS_STYLE[job.lastStatus] : null;
  const zone = job.trigger.type === "cron" ? job.trigger.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const deps = jobs.filter((j) => job.dependsOn.includes(j.id));

  return (
    <Sheet open onOpenChange={(open) => !open && onClose()}>
      <SheetContent className="w-full overflow-y-auto p-4 sm:max-w-xl" data-testid="job-detail">
        <SheetHeader className="pr-8">
          <SheetTitle>{job.name}</SheetTitle>
          <SheetDescription>{job.description || describeTrigger(job.trigger)}</SheetDescription>
        </SheetHeader>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            onClick={() => runNow.mutate({ id: job.id })}
            disabled={runNow.isPending}
            data-testid="run-now"
          >
            <Play aria-hidden /> Run now
          </Button>
          {canEdit && (
            <>
              <Button size="sm" variant="outline" onClick={onEdit} data-testid="edit-job">
                <Pencil aria-hidden /> Edit
              </Button>
              <Button
                size="sm"
                variant="outline"
                onClick={() => duplicate.mutate({ id: job.id })}
                disabled={duplicate.isPending}
                data-testid="duplicate-job"
              >
                <Copy aria-hidden /> Duplicate
              </Button>
              {!job.system && (
                <Button size="sm" variant="outline" onClick={() => setConfirmDelete(true)} data-testid="delete-job">
                  <Trash2 aria-hidden /> Delete
                </Button>
              )}
            </>
          )}
        </div>
        <Tabs defaultValue="overview">
          <TabsList className="w-full overflow-x-auto">
            <TabsTrigger value="overview">Overview</TabsTrigger>
            <TabsTrigger value="schedule">Schedule</TabsTrigger>
            <TabsTrigger value="params">Parameters</TabsTrigger>
            <TabsTrigger value="runs" data-testid="tab-runs">
              Runs
            </TabsTrigger>
            <TabsTrigger value="performance">Performance</TabsTrigger>
          </TabsList>
          <TabsContent value="overview">
            <dl>
              <Row label="Runs">
                {job.type === "builtin" && job.builtinKey
                  ? `Built-in: ${BUILTIN_LABELS[job.builtinKey]}`
                  : job.type === "agent"
                    ? "Agent prompt"
                    : job.type}
              </Row>
              <Row label="Owner">{job.ownerId ? "a user (agent job)" : "system"}</Row>
              <Row label="Trigger">{describeTrigger(job.trigger)}</Row>
              <Row label="Next run">
                {job.enabled && job.nextRunAt ? formatInZone(job.nextRunAt, zone) : job.enabled ? "–" : "disabled"}
              </Row>
              <Row label="Last run">
                {job.lastRunAt ? (
                  <>
                    {new Date(job.lastRunAt).toLocaleString()} ·{" "}
                    <span className={last?.className}>{last?.label ?? job.lastStatus}</span>
                    {job.lastDurationMs !== null && ` · ${formatDuration(job.lastDurationMs)}`}
                    {job.lastTaskId && (
                      <>
                        {" · "}
                        <NextLink className="underline" href={`/tasks?task=${job.lastTaskId}`}>
                          task
                        </NextLink>
                      </>
                    )}
                  </>
                ) : (
                  "never"
                )}
              </Row>
              {job.lastMessage && <Row label="Note">{job.lastMessage}</Row>}
              <Row label="Retries / timeout">{`${job.retries} / ${job.timeoutSeconds} s`}</Row>
              <Row label="If still running">
                {job.concurrency === "skip" ? "skip the run" : `run in parallel, at most ${job.maxParallel}`}
              </Row>
              <Row label="Depends on">{deps.length ? deps.map((d) => d.name).join(", ") : "nothing"}</Row>
              <Row label="Created">{new Date(job.createdAt).toLocaleString()}</Row>
            </dl>
          </TabsContent>
          <TabsContent value="schedule" className="flex flex-col gap-3">
            <p className="text-sm">
              {describeTrigger(job.trigger)}
              {job.trigger.type === "cron" && (
                <span className="ml-2 rounded bg-muted px-1.5 py-0.5 text-xs">{job.trigger.timeZone}</span>
              )}
            </p>
            <SchedulePreview trigger={job.trigger} />
          </TabsContent>
          <TabsContent value="params">
            <pre className="overflow-x-auto rounded-md border bg-muted/40 p-3 text-xs" data-testid="job-params-view">
              {JSON.stringify(job.params, null, 2)}
            </pre>
          </TabsContent>
          <TabsContent value="runs">
            <JobRuns jobId={job.id} />
          </TabsContent>
          <TabsContent value="performance">
            <JobPerformance jobId={job.id} />
          </TabsContent>
        </Tabs>
        <ConfirmDialog
          open={confirmDelete}
          title={`Delete "${job.name}"?`}
          description="The job stops running. Its past runs stay on the Tasks page."
          confirmLabel="Delete job"
          destructive
          onConfirm={() => {
            setConfirmDelete(false);
            del.mutate({ id: job.id });
          }}
          onCancel={() => setConfirmDelete(false)}
        />
      </SheetContent>
    </Sheet>
  );
}
