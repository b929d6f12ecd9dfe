import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTaskLedgerFinalize } from "@/inngest/functions/task-ledger-finalize";
import { db } from "@/server/db";
import { flushLogs } from "@/server/logger";
import { cancelTask } from "@/server/tasks/actions";
import { enqueueTask } from "@/server/tasks/enqueue";
import { reportProgress, saveArtifact } from "@/server/tasks/progress";
import { makeUser } from "@/tests/support/auth";
import { startLedgerHarness as start, until } from "@/tests/support/ledger-harness";

const finished = (functionId: string) => () =>
  db.task.findFirst({
    where: { functionId, status: { in: ["succeeded", "failed", "cancelled"] } },
    include: { steps: { orderBy: { seq: "asc" } }, artifacts: true },
  });

describe.each([
  ["one call per step", false],
  ["checkpointing", true],
] as const)("task ledger middleware (%s)", (_mode, checkpointing) => {
  let h: Awaited<ReturnType<typeof start>>;
  const suffix = checkpointing ? "cp" : "plain";
  let fetchAttempts = 0;
  let afterCancel = 0;

  beforeAll(async () => {
    h = await start(checkpointing, (client) => {
      const child = client.createFunction(
        { id: `child-${suffix}`, retries: 0, triggers: [{ event: `t/child-${suffix}` }] },
        async ({ event, step }) => step.run("double", () => (event.data as { n: number }).n * 2),
      );
      return [
        client.createFunction(
          { id: `report-${suffix}`, name: "Monthly report", retries: 2, triggers: [{ event: `t/report-${suffix}` }] },
          async ({ step }) => {
            const rows = await step.run("fetch rows", async () => {
              fetchAttempts += 1;
              if (fetchAttempts === 1) throw new Error("database busy");
              await reportProgress(undefined, 40, "Fetched 4 rows");
              return 4;
            });
            await step.sleep("cool down", "50ms");
            return step.run("build", async () => {
              await saveArtifact(undefined, { name: "report.csv", mime: "text/csv", data: "n\n4\n" });
              return { rows };
            });
          },
        ),
        client.createFunction(
          { id: `doomed-${suffix}`, retries: 0, triggers: [{ event: `t/doomed-${suffix}` }] },
          async ({ step }) => {
            await step.run("explode", () => {
              throw new Error("no disk left");
            });
          },
        ),
        client.createFunction(
          { id: `slow-${suffix}`, retries: 0, triggers: [{ event: `t/slow-${suffix}` }] },
          async ({ step }) => {
            await step.run("first", () => 1);
            await step.sleep("nap", "1s");
            await step.run("after", () => {
              afterCancel += 1;
            });
          },
        ),
        client.createFunction(
          { id: `parent-${suffix}`, retries: 0, triggers: [{ event: `t/parent-${suffix}` }] },
          async ({ step }) => step.invoke("call child", { function: child, data: { n: 21 } }),
        ),
        client.createFunction(
          {
            id: `cancellable-${suffix}`,
            retries: 0,
            triggers: [{ event: `t/cancellable-${suffix}` }],
            cancelOn: [{ event: `t/stop-${suffix}`, match: "data.key" }],
          },
          async ({ step }) => {
            await step.sleep("long nap", "30s");
          },
        ),
        child,
        createTaskLedgerFinalize(client),
      ];
    });
  });

  afterAll(async () => {
    await h.close();
  });

  it("records the run, its steps with retries and durations, progress, artifacts and logs", async () => {
    await h.send(`t/report-${suffix}`, { month: "2026-10" });
    const task = await until("the report task", finished(`report-${suffix}`));
    expect(task).toMatchObject({
      status: "succeeded",
      title: "Monthly report",
      kind: "job",
      progress: 100,
      input: '{"month":"2026-10"}',
      output: '{"rows":4}',
      eventName: `t/report-${suffix}`,
    });
    expect(task.steps.map((s) => [s.name, s.type, s.status])).toEqual([
      ["fetch rows", "run", "succeeded"],
      ["cool down", "sleep", "succeeded"],
      ["build", "run", "succeeded"],
    ]);
    expect(task.steps[0]!.attempt).toBe(1);
    expect(task.steps[1]!.durationMs).toBeGreaterThanOrEqual(40);
    expect(task.steps.every((s) => s.durationMs !== null && s.finishedAt)).toBe(true);
    expect(task.progressMessage).toBe("Fetched 4 rows");
    expect(task.artifacts.map((a) => [a.name, a.size])).toEqual([["report.csv", 4]]);
    expect(await db.task.count({ where: { functionId: `report-${suffix}` } })).toBe(1);
    await flushLogs();
    const logs = await db.logEntry.findMany({ where: { taskId: task.id }, orderBy: { id: "asc" } });
    expect(logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(['Step "fetch rows" failed (will retry): Error: database busy', "Run succeeded"]),
    );
  });

  it("records a failed run with its error", async () => {
    await h.send(`t/doomed-${suffix}`, {});
    const task = await until("the doomed task", finished(`doomed-${suffix}`));
    expect(task.status).toBe("failed");
    expect(task.error).toContain("no disk left");
    expect(task.steps.map((s) => [s.name, s.status])).toEqual([["explode", "failed"]]);
  });

  it("attaches a run to a task created beforehand and stops it at the next step when cancelled", async () => {
    const { user } = await makeUser("user");
    const queued = await enqueueTask(
      { kind: "manual", title: "Slow work", eventName: `t/slow-${suffix}`, data: { size: 1 }, ownerId: user.id },
      (e) => h.client.send(e),
    );
    await until(
      "the run to sleep",
      async () => (await db.task.findUnique({ where: { id: queued.id } }))?.status === "waiting",
    );
    await cancelTask({ viewer: { id: user.id, role: "user" }, id: queued.id }, async () => undefined);
    // The nap ends and the run stops at its next step: wait for the executor to end it.
    const { runId } = await db.task.findUniqueOrThrow({ where: { id: queued.id } });
    await until("the run to end", async () => {
      const status = h.executor.getRun(runId!)?.status;
      return status !== undefined && status !== "queued" && status !== "running";
    });
    const task = await db.task.findUniqueOrThrow({ where: { id: queued.id }, include: { steps: true } });
    expect(task).toMatchObject({ status: "cancelled", ownerId: user.id, functionId: `slow-${suffix}` });
    expect(task.runId).toBeTruthy();
    expect(afterCancel).toBe(0);
    expect(task.steps.map((s) => s.name).sort()).toEqual(["first", "nap"]);
  });

  it("ends a sleeping run in the embedded executor at once when its task is cancelled", async () => {
    const { user } = await makeUser("user");
    const queued = await enqueueTask(
      { kind: "manual", title: "Nap", eventName: `t/cancellable-${suffix}`, data: { key: "k2" }, ownerId: user.id },
      (e) => h.client.send(e),
    );
    const waiting = await until("the run to sleep", async () => {
      const t = await db.task.findUnique({ where: { id: queued.id } });
      return t?.status === "waiting" ? t : null;
    });
    await cancelTask({ viewer: { id: user.id, role: "user" }, id: queued.id }, async (ids) => {
      for (const id of ids) h.executor.cancel(id);
    });
    expect(h.executor.getRun(waiting.runId!)?.status).toBe("cancelled");
    const task = await until("the task to be closed", finished(`cancellable-${suffix}`));
    expect(task).toMatchObject({ id: queued.id, status: "cancelled", error: "Cancelled by the user." });
  });

  it("closes the task of a run the backend cancelled (cancelOn), without a task for the bookkeeping", async () => {
    await h.send(`t/cancellable-${suffix}`, { key: "k1" });
    const waiting = await until("the run to sleep", () =>
      db.task.findFirst({ where: { functionId: `cancellable-${suffix}`, status: "waiting" } }),
    );
    await h.send(`t/stop-${suffix}`, { key: "k1" });
    const task = await until("the task to be cancelled", () =>
      db.task.findFirst({ where: { id: waiting.id, status: "cancelled" }, include: { steps: true } }),
    );
    expect(task.steps.map((s) => [s.name, s.status])).toEqual([["long nap", "cancelled"]]);
    expect(await db.task.count({ where: { functionId: "task-ledger-finalize" } })).toBe(0);
  });

  it("links an invoked function's task to its parent", async () => {
    await h.send(`t/parent-${suffix}`, {});
    const parent = await until("the parent task", finished(`parent-${suffix}`));
    expect(parent).toMatchObject({ status: "succeeded", output: "42" });
    const child = await db.task.findFirstOrThrow({ where: { functionId: `child-${suffix}` } });
    expect(child).toMatchObject({ parentId: parent.id, status: "succeeded", input: '{"n":21}' });
    expect(parent.steps.map((s) => [s.name, s.type, s.status])).toEqual([["call child", "invoke", "succeeded"]]);
  });
});
