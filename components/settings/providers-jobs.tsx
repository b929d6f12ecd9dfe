"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleX, X } from "lucide-react";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { useEventStream } from "@/hooks/use-event-stream";
import { useTRPC } from "@/lib/trpc/react";
import type { ProviderJob, ProviderJobKind } from "@/server/providers/provider-jobs";

interface LiveProgress {
  percent: number;
  message: string;
  done: boolean;
}

export interface JobView {
  job: ProviderJob;
  /** The newest figures from the event stream, ahead of the last fetch. */
  live: LiveProgress | null;
}

const isJobKey = (key: string) => key.startsWith("ollama-pull:") || key.startsWith("gguf-download:");

/**
 * Model downloads (Ollama pulls, GGUF downloads): the list from the server, kept current by
 * `progress` events between fetches; when one ends, the lists of models are fetched again.
 */
export function useProviderJobs(enabled: boolean): { jobs: JobView[]; refresh: () => Promise<void> } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<Record<string, LiveProgress>>({});
  const { data } = useQuery({ ...trpc.providers.jobs.queryOptions(), enabled });
  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.providers.jobs.queryKey() });
  }, [queryClient, trpc]);

  useEventStream(
    ["progress"],
    (event) => {
      if (event.topic !== "progress") return;
      const { key, percent, message, done } = event.data as {
        key: string;
        percent: number;
        message?: string;
        done?: boolean;
      };
      if (!isJobKey(key)) return;
      setLive((prev) => ({ ...prev, [key]: { percent, message: message ?? "", done: done === true } }));
      const known = data?.some((j) => j.key === key);
      if (done || !known) {
        void refresh();
        if (done) void queryClient.invalidateQueries({ queryKey: trpc.providers.models.queryKey() });
      }
    },
    { enabled, onPoll: refresh, onGap: refresh, pollIntervalMs: 3000 },
  );

  return { jobs: (data ?? []).map((job) => ({ job, live: live[job.key] ?? null })), refresh };
}

export function jobsOfKind(jobs: JobView[], kind: ProviderJobKind): JobView[] {
  return jobs.filter((j) => j.job.kind === kind);
}

/** One download: name, bar, bytes, Cancel while running; how it ended afterwards. */
export function JobProgress({ view, onChanged }: { view: JobView; onChanged?: () => void }) {
  const trpc = useTRPC();
  const { job, live } = view;
  const finished = job.jobStatus !== "running" || live?.done === true;
  const percent = live?.percent ?? job.percent ?? 0;
  const cancel = useMutation(
    trpc.providers.cancelJob.mutationOptions({
      onSuccess: () => {
        toast.info(`Stopped downloading ${job.name}`);
        onChanged?.();
      },
      onError: (err) => toast.error("The download was not stopped", { description: err.message }),
    }),
  );
  const line = finished && job.jobStatus !== "running" ? endLine(job) : (live?.message ?? job.status);

  return (
    <div
      data-testid="provider-job"
      data-job-status={finished ? job.jobStatus : "running"}
      className="flex flex-col gap-1.5 rounded-md border px-3 py-2"
    >
      <div className="flex items-center gap-2">
        {job.jobStatus === "done" ? (
          <CheckCircle2 className="size-4 text-success" aria-hidden />
        ) : job.jobStatus === "failed" ? (
          <CircleX className="size-4 text-destructive" aria-hidden />
        ) : null}
        <span className="min-w-0 flex-1 truncate font-mono text-sm">{job.name}</span>
        <span data-testid="provider-job-percent" className="text-sm tabular-nums text-muted-foreground">
          {Math.round(job.jobStatus === "done" ? 100 : percent)} %
        </span>
        {!finished && (
          <Button
            type="button"
            size="sm"
            variant="ghost"
            data-testid="provider-job-cancel"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate({ key: job.key })}
            aria-label={`Cancel the download of ${job.name}`}
          >
            <X aria-hidden /> Cancel
          </Button>
        )}
      </div>
      {job.jobStatus !== "failed" && job.jobStatus !== "cancelled" && (
        <Progress
          value={job.jobStatus === "done" ? 100 : percent}
          aria-label={`Download of ${job.name}`}
          data-testid="provider-job-bar"
        />
      )}
      <p
        data-testid="provider-job-message"
        className={job.jobStatus === "failed" ? "text-sm text-destructive" : "text-xs text-muted-foreground"}
      >
        {line}
      </p>
    </div>
  );
}

function endLine(job: ProviderJob): string {
  if (job.jobStatus === "done")
    return job.kind === "ollama-pull"
      ? "Installed. It is in the model list below."
      : "Downloaded into the models folder.";
  if (job.jobStatus === "cancelled") return "Cancelled; nothing was kept.";
  return job.error ?? "Failed.";
}
