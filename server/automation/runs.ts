import { isFinished } from "@/lib/tasks/constants";
import { type JobActor, getJobRowOrThrow } from "@/server/automation/jobs";
import { countTasksByOrigin, listTasksByOrigin } from "@/server/tasks/store/origins";

/** A job's runs (its tasks), newest first, with the duration each took. */
export async function listJobRuns(actor: JobActor, jobId: string, limit = 50) {
  await getJobRowOrThrow(actor, jobId);
  const tasks = await listTasksByOrigin({ originType: "job", originId: jobId, limit });
  return tasks.map((t) => ({
    ...t,
    durationMs: t.finishedAt ? t.finishedAt.getTime() - (t.startedAt ?? t.createdAt).getTime() : null,
  }));
}

export interface JobPerformance {
  runs: number;
  finished: number;
  succeeded: number;
  successRatio: number | null;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
  /** Oldest first, for the chart. */
  recent: { taskId: string; at: Date; durationMs: number; ok: boolean }[];
}

/** Duration min/avg/max and success ratio over the last `window` finished runs. */
export async function jobPerformance(actor: JobActor, jobId: string, window = 100): Promise<JobPerformance> {
  const runs = (await listJobRuns(actor, jobId, window)).filter((r) => isFinished(r.status));
  const durations = runs.flatMap((r) => (r.durationMs === null ? [] : [r.durationMs]));
  const succeeded = runs.filter((r) => r.status === "succeeded").length;
  return {
    runs: await countTasksByOrigin({ originType: "job", originId: jobId }),
    finished: runs.length,
    succeeded,
    successRatio: runs.length ? succeeded / runs.length : null,
    minMs: durations.length ? Math.min(...durations) : null,
    avgMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
    maxMs: durations.length ? Math.max(...durations) : null,
    recent: runs
      .filter((r) => r.durationMs !== null)
      .slice(0, 30)
      .reverse()
      .map((r) => ({ taskId: r.id, at: r.createdAt, durationMs: r.durationMs!, ok: r.status === "succeeded" })),
  };
}
