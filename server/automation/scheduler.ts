import { logger } from "@/server/logger";
import { matchesExpression } from "@/server/executor/cel";
import { ACTIVE_STATUSES } from "@/lib/tasks/constants";
import type { SendEvent } from "@/server/tasks/enqueue";
import { getLatestTaskStatusByOriginSince } from "@/server/tasks/store/origins";
import { type JobView, toView } from "@/server/automation/job-row";
import { nextRunAfter } from "@/server/automation/schedule";
import { isSchedulerPaused, TICK_KEY, writeState } from "@/server/automation/runtime-state";
import { recordSkip, type StartResult, startJobRun } from "@/server/automation/run-job";
import {
  claimJobRunById,
  getSoonestClockRun,
  listDueClockJobs,
  listEnabledEventJobsByName,
  listJobNamesByIds,
  updateJobById,
} from "@/server/automation/store/jobs";

export interface TickResult {
  paused: boolean;
  started: string[];
  skipped: string[];
  waiting: string[];
  /** The earliest next run of any clock job (ms), so the tick can sleep until it within its minute. */
  nextWakeAt: number | null;
}

type Gate = { run: true } | { run: false; wait: boolean; reason: string };

/**
 * Dependencies gate a run: each job it depends on must have succeeded since this job last ran
 * (its "cycle"). One still running makes it wait (it is looked at again on the next tick); one
 * that failed or did not run makes it skip, with the reason recorded.
 */
export async function dependencyGate(job: JobView): Promise<Gate> {
  if (job.dependsOn.length === 0) return { run: true };
  const since = job.lastRunAt ?? job.createdAt;
  const deps = await listJobNamesByIds({ ids: job.dependsOn });
  for (const dep of deps) {
    const last = await getLatestTaskStatusByOriginSince({ originType: "job", originId: dep.id, since });
    if (!last) return { run: false, wait: false, reason: `"${dep.name}" has not run since this job last ran` };
    if (last === "succeeded") continue;
    if ((ACTIVE_STATUSES as readonly string[]).includes(last))
      return { run: false, wait: true, reason: `waiting for "${dep.name}" to finish` };
    return {
      run: false,
      wait: false,
      reason: `"${dep.name}" ${last === "cancelled" ? "was cancelled" : "failed"}`,
    };
  }
  if (deps.length < job.dependsOn.length) return { run: false, wait: false, reason: "a job it depends on was deleted" };
  return { run: true };
}

/** Jobs with dependencies come after the jobs they depend on, so one tick can start a chain's head. */
function dependencyOrder(jobs: JobView[]): JobView[] {
  const ids = new Set(jobs.map((j) => j.id));
  const done = new Set<string>();
  const out: JobView[] = [];
  const visit = (j: JobView, depth: number) => {
    if (done.has(j.id) || depth > jobs.length) return;
    for (const d of j.dependsOn) if (ids.has(d)) visit(jobs.find((x) => x.id === d)!, depth + 1);
    if (!done.has(j.id)) {
      done.add(j.id);
      out.push(j);
    }
  };
  for (const j of jobs) visit(j, 0);
  return out;
}

/**
 * One scheduler pass: starts every enabled clock job that is due. A job is claimed by moving its
 * nextRunAt forward in the same statement that checks the old value, so a repeated tick (a retry,
 * a restart) never starts it twice; an overdue job (a missed tick, a pause) runs once, then keeps
 * its schedule from now. Everything it needs is in the database, so pause and restart lose nothing.
 */
export async function runDueJobs(now: Date = new Date(), send?: SendEvent): Promise<TickResult> {
  const result: TickResult = { paused: false, started: [], skipped: [], waiting: [], nextWakeAt: null };
  await writeState(TICK_KEY, { at: now.toISOString() });
  if (await isSchedulerPaused()) return { ...result, paused: true };
  const due = (await listDueClockJobs({ now })).map(toView);
  for (const job of dependencyOrder(due)) {
    const gate = await dependencyGate(job);
    if (!gate.run && gate.wait) {
      result.waiting.push(job.id);
      await updateJobById({ id: job.id, data: { lastMessage: gate.reason } });
      continue;
    }
    const next = nextRunAfter(job.trigger, now, job.nextRunAt);
    if (!(await claimJobRunById({ id: job.id, nextRunAt: job.nextRunAt, next }))) continue;
    let outcome: StartResult;
    try {
      outcome = gate.run ? await startJobRun(job, "schedule", { send }) : await recordSkip(job, gate.reason);
    } catch (err) {
      logger.error("automation", `Job "${job.name}" could not be started`, {
        jobId: job.id,
        error: err instanceof Error ? err.message : String(err),
      });
      outcome = { started: false, reason: "could not be started" };
    }
    (outcome.started ? result.started : result.skipped).push(job.id);
  }
  result.nextWakeAt = (await getSoonestClockRun())?.getTime() ?? null;
  return result;
}

/** Starts the enabled event jobs whose event name and filter match (the app/* dispatcher). */
export async function dispatchEvent(
  event: { name: string; data: Record<string, unknown> },
  send?: SendEvent,
): Promise<string[]> {
  if (await isSchedulerPaused()) return [];
  const jobs = (await listEnabledEventJobsByName({ eventName: event.name })).map(toView);
  const started: string[] = [];
  for (const job of jobs) {
    const filter = job.trigger.type === "event" ? job.trigger.filter : undefined;
    if (!matchesExpression(filter, { event })) continue;
    const gate = await dependencyGate(job);
    if (!gate.run) {
      await recordSkip(job, gate.reason);
      continue;
    }
    const outcome = await startJobRun(job, "event", { send, eventData: event.data });
    if (outcome.started) started.push(job.id);
  }
  return started;
}
