import { isFinished } from "@/lib/tasks/constants";
import type { JobView } from "@/server/automation/job-row";
import { updateJobOutcomeByLastTask } from "@/server/automation/store/jobs";
import { listTaskOutcomesByIds } from "@/server/tasks/store/origins";

/**
 * The Task ledger is the one record of how a run went, whichever function ran it (a built-in
 * run or an agent run): a job's last* columns are brought up to date from its last task when read.
 */
export async function syncOutcomes(jobs: JobView[]): Promise<JobView[]> {
  const pending = jobs.filter((j) => j.lastTaskId && (j.lastStatus === "running" || j.lastStatus === "queued"));
  if (pending.length === 0) return jobs;
  const tasks = await listTaskOutcomesByIds({ ids: pending.map((j) => j.lastTaskId!) });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const updated = new Map<string, Partial<JobView>>();
  for (const job of pending) {
    const task = byId.get(job.lastTaskId!);
    if (!task) {
      updated.set(job.id, { lastStatus: "cancelled", lastMessage: "Its task was deleted." });
      continue;
    }
    if (!isFinished(task.status)) continue;
    const started = task.startedAt ?? task.createdAt;
    const lastDurationMs = task.finishedAt ? Math.max(0, task.finishedAt.getTime() - started.getTime()) : null;
    updated.set(job.id, { lastStatus: task.status, lastDurationMs, lastMessage: task.error?.slice(0, 500) ?? null });
  }
  for (const [id, data] of updated) {
    // Guarded by lastTaskId: a run started meanwhile keeps its own "running".
    const job = pending.find((j) => j.id === id)!;
    await updateJobOutcomeByLastTask({
      id,
      lastTaskId: job.lastTaskId,
      data: {
        lastStatus: data.lastStatus,
        lastMessage: data.lastMessage ?? null,
        ...(data.lastDurationMs !== undefined ? { lastDurationMs: data.lastDurationMs } : {}),
      },
    });
  }
  return jobs.map((j) => (updated.has(j.id) ? { ...j, ...updated.get(j.id) } : j));
}
