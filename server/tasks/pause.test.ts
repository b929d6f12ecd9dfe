import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { enqueueTask } from "@/server/tasks/enqueue";
import { pauseTask, resumeTask } from "@/server/tasks/pause";
import { makeUser } from "@/tests/support/auth";
import { waitUntilHeld } from "@/tests/support/executor-wait";
import { startLedgerHarness, until } from "@/tests/support/ledger-harness";

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code,
  );

describe.each([
  ["checkpointing", true],
  ["one call per step", false],
] as const)("pause and resume a task (%s)", (_mode, checkpointing) => {
  let h: Awaited<ReturnType<typeof startLedgerHarness>>;
  const suffix = checkpointing ? "cp" : "plain";
  const calls: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));

  beforeAll(async () => {
    h = await startLedgerHarness(checkpointing, (client) => [
      client.createFunction(
        { id: `steps-${suffix}`, retries: 0, triggers: [{ event: `t/steps-${suffix}` }] },
        async ({ step }) => {
          await step.run("one", () => void calls.push("one"));
          await step.run("two", async () => {
            calls.push("two");
            await gate;
          });
          await step.run("three", () => void calls.push("three"));
          return calls.length;
        },
      ),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  it("holds the next step while paused, shows it, and goes on when resumed", async () => {
    const { user } = await makeUser("user");
    const viewer = { id: user.id, role: "user" as const };
    const task = await enqueueTask(
      { kind: "manual", title: "Three steps", eventName: `t/steps-${suffix}`, data: {}, ownerId: user.id },
      (e) => h.client.send(e),
    );
    await until("step two to run", async () => calls.includes("two"));
    expect(await pauseTask({ viewer, id: task.id }, h.executor)).toEqual({ id: task.id, status: "paused" });
    expect(await codeOf(pauseTask({ viewer, id: task.id }, h.executor))).toBe("CONFLICT");
    release();
    await until(
      "step two to be recorded",
      async () =>
        (await db.taskStep.findFirst({ where: { taskId: task.id, name: "two", status: "succeeded" } })) !== null,
    );
    // The executor holds step three: its call is parked, unleased, and nothing is in flight.
    const { runId } = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    await waitUntilHeld(h.executor, runId!);
    expect(calls).toEqual(["one", "two"]);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("paused");

    expect(await resumeTask({ viewer, id: task.id }, h.executor)).toEqual({ id: task.id, status: "running" });
    const done = await until("the task to succeed", () =>
      db.task.findFirst({ where: { id: task.id, status: "succeeded" } }),
    );
    expect(done.output).toBe("3");
    expect(calls).toEqual(["one", "two", "three"]);
    expect(await codeOf(resumeTask({ viewer, id: task.id }, h.executor))).toBe("CONFLICT");
    expect(await codeOf(pauseTask({ viewer, id: task.id }, h.executor))).toBe("CONFLICT");
  });

  it("refuses Pause without the embedded executor, and for tasks whose run has not started", async () => {
    const { user } = await makeUser("user");
    const viewer = { id: user.id, role: "user" as const };
    const running = await db.task.create({
      data: { kind: "manual", title: "elsewhere", ownerId: user.id, status: "running", runId: `ext-${suffix}` },
    });
    const err = await pauseTask({ viewer, id: running.id }, null).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("external Inngest server"),
    });
    const queued = await db.task.create({ data: { kind: "manual", title: "not yet", ownerId: user.id } });
    expect(await codeOf(pauseTask({ viewer, id: queued.id }, h.executor))).toBe("CONFLICT");
    const other = await makeUser("user");
    expect(await codeOf(pauseTask({ viewer: { id: other.user.id, role: "user" }, id: running.id }, h.executor))).toBe(
      "NOT_FOUND",
    );
  });
});
