import { logger } from "@/server/logger";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";
import { countActiveTasksByOrigin } from "@/server/tasks/store/origins";
import type { JobView } from "@/server/automation/job-row";
import { pruneSucceededRuns } from "@/server/automation/run-history";
import { updateJobById } from "@/server/automation/store/jobs";
import { EVENT } from "@/inngest/events/names";

export type RunTrigger = "schedule" | "manual" | "event";

export type StartResult = { started: true; taskId: string } | { started: false; reason: string };

/** Runs of this job that have not finished yet (its tasks are the record). */
export async function activeRuns(jobId: string): Promise<number> {
  return countActiveTasksByOrigin({ originType: "job", originId: jobId });
}

export async function recordSkip(job: Pick<JobView, "id" | "name">, reason: string): Promise<StartResult> {
  await updateJobById({
    id: job.id,
    data: { lastStatus: "skipped", lastMessage: reason, lastRunAt: new Date(), lastDurationMs: null },
  });
  logger.info("automation", `Job "${job.name}" skipped: ${reason}`, { jobId: job.id });
  return { started: false, reason };
}

/**
 * Starts one run of a job as a Task (originType "job"), honouring its concurrency policy.
 * Built-in jobs run in the job function, which applies retries and the timeout; agent jobs are
 * agent runs (their function's own retry policy applies).
 */
export async function startJobRun(
  job: JobView,
  trigger: RunTrigger,
  opts: { send?: SendEvent; eventData?: Record<string, unknown>; startedBy?: string | null } = {},
): Promise<StartResult> {
  const limit = job.concurrency === "parallel" ? job.maxParallel : 1;
  const running = await activeRuns(job.id);
  if (running >= limit) {
    return recordSkip(
      job,
      limit === 1
        ? "the previous run is still going (skip if running)"
        : `${running} runs are still going (at most ${limit} in parallel)`,
    );
  }
  const origin = { originType: "job", originId: job.id };
  const task =
    job.type === "agent"
      ? await enqueueTask(
          {
            kind: "agent",
            title: `Job: ${job.name}`,
            eventName: EVENT.agentRun,
            data: { ...job.params, ...origin, retries: job.retries, timeoutSeconds: job.timeoutSeconds },
            ownerId: job.ownerId,
            agentId: typeof job.params.agentId === "string" ? job.params.agentId : null,
            ...origin,
          },
          opts.send ?? sendWithInngest,
        )
      : await enqueueTask(
          {
            kind: "job",
            title: `Job: ${job.name}`,
            eventName: EVENT.jobRun,
            data: { jobId: job.id, trigger, ...(opts.eventData ? { event: opts.eventData } : {}) },
            ownerId: job.ownerId,
            ...origin,
          },
          opts.send ?? sendWithInngest,
        );
  const failed = task.status === "failed";
  await updateJobById({
    id: job.id,
    data: {
      lastRunAt: new Date(),
      lastTaskId: task.id,
      lastStatus: failed ? "failed" : "running",
      lastMessage: failed ? task.error : null,
      lastDurationMs: null,
    },
  });
  logger.info("automation", `Job "${job.name}" started (${trigger})`, {
    jobId: job.id,
    taskId: task.id,
    startedBy: opts.startedBy ?? null,
  });
  await pruneSucceededRuns(job.id);
  return failed
    ? { started: false, reason: task.error ?? "The run could not be started." }
    : { started: true, taskId: task.id };
}
