import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobEvents } from "@/inngest/functions/job-events";
import { createJobRun } from "@/inngest/functions/job-run";
import { createScheduler } from "@/inngest/functions/scheduler";
import { env } from "@/server/env";
import { db } from "@/server/db";
import { createJob, getJob } from "@/server/automation/jobs";
import { startJobRun } from "@/server/automation/run-job";
import { waitUntilQuiet } from "@/tests/support/executor-wait";
import { startLedgerHarness, until } from "@/tests/support/ledger-harness";

type Harness = Awaited<ReturnType<typeof startLedgerHarness>>;
const admin = { id: "admin-1", role: "admin" as const };

/** The scheduler, the job function and the event dispatcher, run by the real embedded executor with the ledger. */
describe("automation through the embedded executor", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startLedgerHarness(true, (client) => [
      createScheduler(client),
      createJobRun(client),
      createJobEvents(client),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });
  const send = (e: { name: string; data: Record<string, unknown> }) => h.client.send(e);
  const finishedRuns = (jobId: string) =>
    db.task.findMany({
      where: { originType: "job", originId: jobId, status: { in: ["succeeded", "failed"] } },
      include: { steps: { orderBy: { seq: "asc" } }, artifacts: true },
      orderBy: { createdAt: "asc" },
    });

  it("Run now: the job runs as a task that reports progress and an artifact", async () => {
    const p = path.join(env.DATA_DIR, "tmp", "stale.txt");
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, "old");
    utimesSync(p, new Date(Date.now() - 30 * 86_400_000), new Date(Date.now() - 30 * 86_400_000));
    const job = await createJob(
      {
        name: "preview cleanup",
        type: "builtin",
        builtinKey: "cleanup",
        params: { preview: true },
        trigger: { type: "manual" },
      },
      admin,
    );
    const started = await startJobRun(job, "manual", { send });
    expect(started.started).toBe(true);
    const [task] = await until(
      "the run to finish",
      async () => (await finishedRuns(job.id)).length === 1 && finishedRuns(job.id),
    );
    expect(task).toMatchObject({ status: "succeeded", progress: 100, kind: "job", functionId: "automation-job-run" });
    expect(task!.progressMessage).toContain("Would delete 1 files");
    expect(task!.artifacts.map((a) => a.name)).toEqual(["cleanup-preview.tsv"]);
    expect(await getJob(admin, job.id)).toMatchObject({ lastStatus: "succeeded", lastTaskId: task!.id });
  });

  it("retries a failing job with its own retry count, each attempt a step, then fails the task", async () => {
    // A file where the backups folder should be: every attempt fails.
    writeFileSync(path.join(env.DATA_DIR, "backups"), "not a folder");
    const job = await createJob(
      {
        name: "doomed backup",
        type: "builtin",
        builtinKey: "backup",
        params: { keep: 1 },
        retries: 1,
        trigger: { type: "manual" },
      },
      admin,
    );
    await startJobRun(job, "manual", { send });
    const [task] = await until(
      "the failed run",
      async () => (await finishedRuns(job.id)).length === 1 && finishedRuns(job.id),
      30_000,
    );
    expect(task!.status).toBe("failed");
    expect(task!.steps.map((s) => [s.name, s.status])).toEqual([
      ["load job", "succeeded"],
      ["doomed backup", "failed"],
      ["wait before retry 1", "succeeded"],
      ["doomed backup (retry 1)", "failed"],
    ]);
    expect((await getJob(admin, job.id)).lastStatus).toBe("failed");
  });

  it("starts an event job from an app/* event whose filter matches", async () => {
    const job = await createJob(
      {
        name: "on upload",
        type: "builtin",
        builtinKey: "cleanup",
        params: { preview: true },
        trigger: { type: "event", event: "app/test.uploaded", filter: "event.data.big == true" },
      },
      admin,
    );
    await h.send("app/test.uploaded", { big: false });
    await h.send("app/test.uploaded", { big: true });
    const runs = await until(
      "the event run",
      async () => (await finishedRuns(job.id)).length >= 1 && finishedRuns(job.id),
    );
    // Everything both events started has run: a run for the filtered-out event would show now.
    await waitUntilQuiet(h.executor);
    expect(await finishedRuns(job.id)).toHaveLength(1);
    expect(runs).toHaveLength(1);
    expect(await db.task.count({ where: { originId: job.id } })).toBe(1);
  });

  it("the cron tick starts due jobs, and sleeps durably to run a sub-minute interval again within its minute", async () => {
    const job = await createJob(
      {
        name: "every five",
        type: "builtin",
        builtinKey: "cleanup",
        params: { preview: true },
        trigger: { type: "interval", seconds: 5 },
      },
      admin,
    );
    await db.job.update({ where: { id: job.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    // Fire the minute's tick now instead of waiting for the clock.
    h.executor.db.prepare(`UPDATE jobs SET run_at = ? WHERE kind = 'cron'`).run(Date.now());
    const runs = await until(
      "two runs from one tick",
      async () => (await finishedRuns(job.id)).length >= 2 && finishedRuns(job.id),
      30_000,
    );
    expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    const gap = runs[1]!.createdAt.getTime() - runs[0]!.createdAt.getTime();
    expect(gap).toBeGreaterThanOrEqual(4_000);
    // The tick itself is bookkeeping: its runs are tasks, it is not (one a minute would flood the ledger).
    expect(await db.task.count({ where: { functionId: "automation-scheduler" } })).toBe(0);
  });
});
