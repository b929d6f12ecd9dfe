import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createJob } from "@/server/automation/jobs";
import { setSchedulerPaused } from "@/server/automation/runtime-state";
import { dispatchEvent, runDueJobs } from "@/server/automation/scheduler";
import { startJobRun } from "@/server/automation/run-job";
import { getJob } from "@/server/automation/jobs";

const admin = { id: "admin-1", role: "admin" as const };
const T0 = new Date("2026-06-01T10:00:00Z");
const sent: { name: string; data: Record<string, unknown> }[] = [];
// The event API is outside this test: sends are recorded instead of reaching an executor.
const send = async (e: { name: string; data: Record<string, unknown> }) => void sent.push(e);

let n = 0;
function cleanupJob(over: Record<string, unknown> = {}) {
  return createJob(
    {
      name: `job-${++n}`,
      type: "builtin",
      builtinKey: "cleanup",
      params: { preview: true },
      trigger: { type: "interval", seconds: 60 },
      ...over,
    },
    admin,
    { now: T0 },
  );
}

async function finishTask(taskId: string, status: "succeeded" | "failed") {
  await db.task.update({
    where: { id: taskId },
    data: { status, startedAt: new Date(Date.now() - 1500), finishedAt: new Date() },
  });
}

const at = (ms: number) => new Date(T0.getTime() + ms);
const runsOf = (jobId: string) =>
  db.task.findMany({ where: { originType: "job", originId: jobId }, orderBy: { createdAt: "asc" } });

describe("scheduler", () => {
  it("starts a due job once per due time, as a Task with the job as origin, even when the tick repeats", async () => {
    const job = await cleanupJob();
    expect(job.nextRunAt!.toISOString()).toBe("2026-06-01T10:01:00.000Z");
    expect((await runDueJobs(at(30_000), send)).started).toEqual([]);
    const first = await runDueJobs(at(61_000), send);
    expect(first.started).toEqual([job.id]);
    // The same tick again (a retried step, a restart mid-tick): nothing new starts.
    expect((await runDueJobs(at(61_000), send)).started).toEqual([]);
    const runs = await runsOf(job.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: "job",
      eventName: "automation/job.run",
      status: "queued",
      originType: "job",
    });
    expect(sent.at(-1)).toMatchObject({
      name: "automation/job.run",
      data: { jobId: job.id, trigger: "schedule", ledgerTaskId: runs[0]!.id },
    });
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).nextRunAt!.toISOString()).toBe(
      "2026-06-01T10:02:00.000Z",
    );
  });

  it("skips a run while the previous one is going (skip if running), and allows up to N in parallel", async () => {
    const skip = await cleanupJob();
    await runDueJobs(at(61_000), send);
    const r = await runDueJobs(at(121_000), send);
    expect(r.skipped).toContain(skip.id);
    const after = await getJob(admin, skip.id);
    expect(after).toMatchObject({ lastStatus: "skipped" });
    expect(after.lastMessage).toContain("still going");
    expect(await runsOf(skip.id)).toHaveLength(1);

    const par = await cleanupJob({
      concurrency: "parallel",
      maxParallel: 2,
      trigger: { type: "interval", seconds: 60 },
    });
    await runDueJobs(at(61_000), send);
    await runDueJobs(at(121_000), send);
    expect((await runDueJobs(at(181_000), send)).skipped).toContain(par.id);
    expect(await runsOf(par.id)).toHaveLength(2);
  });

  it("runs a job after its dependency succeeded in this cycle, waits while it runs, skips when it failed", async () => {
    const head = await cleanupJob({ trigger: { type: "manual" } });
    const tail = await cleanupJob({ dependsOn: [head.id] });
    // The dependency has not run since the tail last ran: skip, with the reason.
    await runDueJobs(at(61_000), send);
    expect(await getJob(admin, tail.id)).toMatchObject({
      lastStatus: "skipped",
      lastMessage: expect.stringContaining("has not run"),
    });

    const started = await startJobRun(await getJob(admin, head.id), "manual", { send });
    expect(started.started).toBe(true);
    const waiting = await runDueJobs(at(121_000), send);
    expect(waiting.waiting).toContain(tail.id);
    expect(await runsOf(tail.id)).toHaveLength(0);

    await finishTask((started as { taskId: string }).taskId, "succeeded");
    expect((await runDueJobs(at(125_000), send)).started).toContain(tail.id);

    // Next cycle: the dependency fails, so the tail skips.
    await finishTask((await runsOf(tail.id))[0]!.id, "succeeded");
    const again = await startJobRun(await getJob(admin, head.id), "manual", { send });
    await finishTask((again as { taskId: string }).taskId, "failed");
    await runDueJobs(at(181_000), send);
    expect(await getJob(admin, tail.id)).toMatchObject({
      lastStatus: "skipped",
      lastMessage: expect.stringContaining("failed"),
    });
  });

  it("keeps the schedule through Pause all and a restart, and fires a missed run once on resume", async () => {
    const job = await cleanupJob();
    await setSchedulerPaused(true, admin.id);
    const paused = await runDueJobs(at(61_000), send);
    expect(paused).toMatchObject({ paused: true, started: [] });
    // Minutes pass while paused; the due time is kept, not moved.
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).nextRunAt!.toISOString()).toBe(
      "2026-06-01T10:01:00.000Z",
    );
    // Pause lives in the database: a new process reads it the same way (no in-memory state here).
    expect((await runDueJobs(at(300_000), send)).paused).toBe(true);
    await setSchedulerPaused(false, admin.id);
    const resumed = await runDueJobs(at(600_500), send);
    expect(resumed.started).toContain(job.id);
    expect(await runsOf(job.id)).toHaveLength(1);
    // The schedule continues on its grid from now: one catch-up run, not ten.
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).nextRunAt!.toISOString()).toBe(
      "2026-06-01T10:11:00.000Z",
    );
  });

  it("does not start disabled jobs", async () => {
    const job = await cleanupJob({ enabled: false });
    expect(job.nextRunAt).toBeNull();
    expect((await runDueJobs(at(3_600_000), send)).started).not.toContain(job.id);
  });

  it("starts event jobs whose filter matches", async () => {
    const job = await cleanupJob({
      trigger: { type: "event", event: "app/file.uploaded", filter: "event.data.size > 100" },
    });
    expect(await dispatchEvent({ name: "app/file.uploaded", data: { size: 5 } }, send)).toEqual([]);
    expect(await dispatchEvent({ name: "app/file.deleted", data: { size: 500 } }, send)).toEqual([]);
    expect(await dispatchEvent({ name: "app/file.uploaded", data: { size: 500 } }, send)).toEqual([job.id]);
    expect(sent.at(-1)).toMatchObject({ data: { jobId: job.id, trigger: "event", event: { size: 500 } } });
  });
});
