import { afterEach, describe, expect, it } from "vitest";
import type { Inngest } from "inngest";
import { waitUntilHeld } from "@/tests/support/executor-wait";
import { parsed, startHarness, type Harness } from "@/tests/support/inngest-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** a, then b (which blocks until released), then c: pausing while b runs must hold c. */
function threeSteps(calls: string[], gate: Promise<void>) {
  return (client: Inngest) => [
    client.createFunction({ id: "three", triggers: [{ event: "t/three" }] }, async ({ step }) => {
      await step.run("a", () => void calls.push("a"));
      await step.run("b", async () => {
        calls.push("b");
        await gate;
      });
      await step.run("c", () => void calls.push("c"));
      return calls.length;
    }),
  ];
}

describe.each([
  ["checkpointing", true],
  ["a call per step", false],
])("embedded executor: pause and resume (%s)", (_mode, checkpointing) => {
  it("finishes the step in flight, starts nothing after it until resumed, then goes on", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h = await startHarness(threeSteps(calls, gate), { checkpointing });
    await h.send("t/three");
    const run = await h.waitForRun("three", (r) => r.status === "running");
    await until(() => calls.includes("b"));
    expect(h.executor.pause(run.id)).toBe(true);
    expect(h.executor.isPaused(run.id)).toBe(true);
    release();
    // b's result is kept while paused...
    await until(() => h!.executor.state.steps(run.id).length === 2);
    // ...and the executor holds c: its call is parked, unleased, and nothing is in flight.
    await waitUntilHeld(h.executor, run.id);
    expect(calls).toEqual(["a", "b"]);
    expect(h.executor.getRun(run.id)!.status).toBe("running");

    expect(h.executor.resume(run.id)).toBe(true);
    const done = await h.waitForRun("three");
    expect(done.status).toBe("completed");
    expect(parsed(done.output)).toBe(3);
    expect(calls).toEqual(["a", "b", "c"]);
    expect(h.executor.resume(run.id)).toBe(false);
  });

  it("stays paused across an executor restart, and cancel still ends a paused run", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h = await startHarness(threeSteps(calls, gate), { checkpointing });
    await h.send("t/three");
    const run = await h.waitForRun("three", (r) => r.status === "running");
    await until(() => calls.includes("b"));
    h.executor.pause(run.id);
    release();
    await until(() => h!.executor.state.steps(run.id).length === 2);
    await h.restartExecutor();
    expect(h.executor.isPaused(run.id)).toBe(true);
    await waitUntilHeld(h.executor, run.id);
    expect(calls).toEqual(["a", "b"]);

    h.executor.resume(run.id);
    expect((await h.waitForRun("three")).status).toBe("completed");
    expect(calls).toEqual(["a", "b", "c"]);

    await h.send("t/three");
    const second = await h.waitForRun("three", (r) => r.id !== run.id);
    expect(h.executor.pause(second.id)).toBe(second.status !== "completed");
    if (second.status !== "completed") {
      expect(h.executor.cancel(second.id)).toBe(true);
      expect(h.executor.isPaused(second.id)).toBe(false);
      expect(h.executor.getRun(second.id)!.status).toBe("cancelled");
    }
  });
});
