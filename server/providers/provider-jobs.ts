import { randomUUID } from "node:crypto";
import { AppError, NotFoundError } from "@/lib/errors";
import { eventBus } from "@/server/events";
import { logger } from "@/server/logger";

/**
 * Model downloads that outlive the request which started them (an Ollama pull, a GGUF download):
 * kept in this process, their progress published on the `progress` topic to the user who started
 * them, cancellable. They are not Tasks: a restart drops a half-done download anyway, and both
 * Ollama and the GGUF writer clean up after themselves.
 */
export type ProviderJobKind = "ollama-pull" | "gguf-download";
export type ProviderJobStatus = "running" | "done" | "failed" | "cancelled";

export interface JobStep {
  status: string;
  percent: number | null;
  completedBytes: number | null;
  totalBytes: number | null;
}

export interface ProviderJob extends JobStep {
  key: string;
  kind: ProviderJobKind;
  /** The model name or file being fetched. */
  name: string;
  userId: string;
  jobStatus: ProviderJobStatus;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

interface Entry {
  job: ProviderJob;
  controller: AbortController;
  finished: Promise<void>;
}

/** Finished jobs stay listed this long, so a page opened later still sees how they ended. */
const KEEP_FINISHED_MS = 10 * 60_000;
/** Bytes arrive in many small steps; the bar needs a few updates a second, not hundreds. */
const PUBLISH_EVERY_MS = 250;

const globalJobs = globalThis as unknown as { __providerJobs?: Map<string, Entry> };
globalJobs.__providerJobs ??= new Map();
const jobs: Map<string, Entry> = globalJobs.__providerJobs;

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "pulling 3a4b: 1.2 GB of 4.00 GB", the line under the progress bar. */
export function describeStep(step: JobStep): string {
  if (step.completedBytes !== null && step.totalBytes)
    return `${step.status}: ${formatBytes(step.completedBytes)} of ${formatBytes(step.totalBytes)}`;
  if (step.completedBytes !== null) return `${step.status}: ${formatBytes(step.completedBytes)}`;
  return step.status;
}

function publish(job: ProviderJob): void {
  const done = job.jobStatus !== "running";
  const message =
    job.jobStatus === "failed"
      ? `Failed: ${job.error}`
      : job.jobStatus === "cancelled"
        ? "Cancelled."
        : describeStep(job);
  eventBus.publish("progress", { key: job.key, percent: job.percent ?? 0, message, done }, { userId: job.userId });
}

function prune(now: number): void {
  for (const [key, entry] of jobs) {
    if (entry.job.finishedAt && now - entry.job.finishedAt.getTime() > KEEP_FINISHED_MS) jobs.delete(key);
  }
}

/**
 * Starts a job that runs `steps` to the end in the background, and answers once the first step
 * arrived: a job that fails before that (bad name, provider down, offline) throws its error to
 * the caller instead of failing out of sight. At most one job per kind and name runs at a time.
 * The returned job is a snapshot; `getJob` reads the current one.
 */
export async function startJob(input: {
  kind: ProviderJobKind;
  name: string;
  userId: string;
  steps: (signal: AbortSignal) => AsyncIterable<JobStep>;
}): Promise<ProviderJob> {
  prune(Date.now());
  for (const { job } of jobs.values()) {
    if (job.kind === input.kind && job.name === input.name && job.jobStatus === "running") {
      throw new AppError("CONFLICT", `"${input.name}" is already being downloaded; wait for it or cancel it.`);
    }
  }
  const controller = new AbortController();
  const job: ProviderJob = {
    key: `${input.kind}:${randomUUID()}`,
    kind: input.kind,
    name: input.name,
    userId: input.userId,
    jobStatus: "running",
    status: "starting",
    percent: null,
    completedBytes: null,
    totalBytes: null,
    error: null,
    startedAt: new Date(),
    finishedAt: null,
  };
  let started!: () => void;
  const firstStep = new Promise<void>((resolve) => (started = resolve));
  let earlyError: unknown = null;
  let steps = 0;
  const run = async () => {
    let lastPublished = 0;
    try {
      for await (const step of input.steps(controller.signal)) {
        if (steps++ === 0) started();
        const statusChanged = step.status !== job.status;
        job.status = step.status;
        // Steps without figures (verifying, writing the manifest) keep the last ones shown.
        job.percent = step.percent ?? job.percent;
        job.completedBytes = step.completedBytes ?? job.completedBytes;
        job.totalBytes = step.totalBytes ?? job.totalBytes;
        const now = Date.now();
        if (statusChanged || now - lastPublished >= PUBLISH_EVERY_MS) {
          lastPublished = now;
          publish(job);
        }
      }
      if (controller.signal.aborted) throw new Error("cancelled");
      job.jobStatus = "done";
      job.percent = 100;
    } catch (err) {
      if (steps === 0) earlyError = err;
      job.jobStatus = controller.signal.aborted ? "cancelled" : "failed";
      job.error = job.jobStatus === "failed" ? (err instanceof Error ? err.message : String(err)) : null;
      if (job.jobStatus === "failed")
        logger.warn("providers", `${input.kind} of ${input.name} failed: ${job.error}`, { key: job.key });
    } finally {
      job.finishedAt = new Date();
      if (earlyError === null) publish(job);
      started();
    }
  };
  const entry: Entry = { job, controller, finished: Promise.resolve() };
  jobs.set(job.key, entry);
  entry.finished = run();
  await firstStep;
  if (earlyError !== null) {
    jobs.delete(job.key);
    if (earlyError instanceof AppError) throw earlyError;
    throw new AppError(
      "PRECONDITION_FAILED",
      `The download of "${input.name}" could not start: ${earlyError instanceof Error ? earlyError.message : String(earlyError)}`,
    );
  }
  return { ...job };
}

export function getJob(key: string): ProviderJob | null {
  const entry = jobs.get(key);
  return entry ? { ...entry.job } : null;
}

/** Running jobs and those finished in the last minutes, newest first. */
export function listJobs(filter: { userId?: string } = {}): ProviderJob[] {
  prune(Date.now());
  return [...jobs.values()]
    .map((e) => ({ ...e.job }))
    .filter((j) => !filter.userId || j.userId === filter.userId)
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

/** Stops a running job; it ends as "cancelled" once the download has closed. */
export async function cancelJob(key: string): Promise<ProviderJob> {
  const entry = jobs.get(key);
  if (!entry) throw new NotFoundError("That download");
  if (entry.job.jobStatus === "running") {
    entry.controller.abort();
    await entry.finished;
  }
  return { ...entry.job };
}

/** Settles when the job has ended, for tests and for callers that want to wait. */
export async function waitForJob(key: string): Promise<ProviderJob> {
  const entry = jobs.get(key);
  if (!entry) throw new NotFoundError("That download");
  await entry.finished;
  return { ...entry.job };
}
