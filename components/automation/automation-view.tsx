"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Plus, SearchX } from "lucide-react";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { SearchBox } from "@/components/common/search-box";
import { Button } from "@/components/ui/button";
import { QueryState, SkeletonRows } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { useEventStream } from "@/hooks/use-event-stream";
import { useKeyHotkey } from "@/hooks/use-hotkey";
import { useTRPC } from "@/lib/trpc/react";
import { describeTrigger } from "@/lib/automation/describe";
import type { JobRow } from "@/components/automation/format";
import { JobDetail } from "@/components/automation/job-detail";
import { JobFormDialog } from "@/components/automation/job-form-dialog";
import { JobTable } from "@/components/automation/job-table";
import { SchedulerStatusCard } from "@/components/automation/scheduler-status";
import { TransferButtons } from "@/components/automation/transfer-buttons";

/** The Automation page: scheduler status, the jobs, a job's detail and the create/edit form. Keys: N new, F search. */
export function AutomationView({
  user,
  initialJobId,
}: {
  user: { id: string; role: "admin" | "user" };
  initialJobId: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = user.role === "admin";
  const list = useQuery({ ...trpc.automation.list.queryOptions(), refetchInterval: 15_000 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
  useEventStream(["tasks"], refresh, { onPoll: refresh, onGap: refresh });
  const [q, setQ] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(initialJobId);
  const [form, setForm] = useState<{ open: boolean; job: JobRow | null }>({ open: false, job: null });
  const searchRef = useRef<HTMLInputElement | null>(null);
  useKeyHotkey("n", () => setForm({ open: true, job: null }));
  useKeyHotkey("f", (e) => {
    e.preventDefault();
    searchRef.current?.focus();
  });

  const jobs = useMemo(() => list.data ?? [], [list.data]);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    if (!needle) return jobs;
    return jobs.filter((j) =>
      [j.name, j.description, j.builtinKey ?? "", describeTrigger(j.trigger)].some((s) =>
        s.toLowerCase().includes(needle),
      ),
    );
  }, [jobs, q]);
  const selected = jobs.find((j) => j.id === selectedId) ?? null;
  const canEdit = (job: JobRow) => isAdmin || (job.type === "agent" && job.ownerId === user.id);

  const toggle = useMutation(
    trpc.automation.setEnabled.mutationOptions({
      onSuccess: (job) => {
        toast.success(`${job.name} is ${job.enabled ? "enabled" : "disabled"}.`);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  return (
    <div className="flex flex-col gap-4">
      <SchedulerStatusCard isAdmin={isAdmin} />
      <div className="flex flex-wrap items-center gap-2">
        <div className="min-w-48 flex-1">
          <SearchBox
            query={q}
            onQuery={setQ}
            placeholder="Search jobs (F)"
            label="Search jobs"
            testId="job-search"
            inputRef={searchRef}
            clearOnEscape
          />
        </div>
        <TransferButtons />
        <Button onClick={() => setForm({ open: true, job: null })} data-testid="new-job">
          <Plus aria-hidden /> New job
        </Button>
      </div>
      <QueryState
        query={list}
        errorTitle="The jobs could not be loaded"
        loading={<SkeletonRows count={3} rowClassName="h-10" />}
        isEmpty={shown.length === 0}
        empty={
          jobs.length === 0 ? (
            <EmptyState
              icon={CalendarClock}
              title="No jobs yet"
              description={
                isAdmin
                  ? "Built-in jobs appear after the first start. Create a job to run an agent prompt or a built-in task on a schedule."
                  : "Schedule an agent prompt: it runs on its own and its results appear on the Tasks page."
              }
              action={
                <Button onClick={() => setForm({ open: true, job: null })}>
                  <Plus aria-hidden /> New job (N)
                </Button>
              }
              data-testid="jobs-empty"
            />
          ) : (
            <EmptyState
              icon={SearchX}
              title="No job matches"
              description={`Nothing matches "${q}". Clear the search to see all jobs.`}
            />
          )
        }
      >
        <JobTable
          jobs={shown}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onToggle={(job, enabled) => toggle.mutate({ id: job.id, enabled })}
          canEdit={canEdit}
        />
      </QueryState>
      {selected && (
        <JobDetail
          key={selected.id}
          job={selected}
          jobs={jobs}
          canEdit={canEdit(selected)}
          onClose={() => setSelectedId(null)}
          onEdit={() => setForm({ open: true, job: selected })}
          onSelect={setSelectedId}
        />
      )}
      <JobFormDialog
        open={form.open}
        onOpenChange={(open) => setForm((f) => ({ ...f, open }))}
        job={form.job}
        jobs={jobs}
        isAdmin={isAdmin}
        onSaved={setSelectedId}
      />
    </div>
  );
}
