import { referenceFunction } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { waitUntilQuiet } from "@/tests/support/executor-wait";
import { parsed, startHarness, type Harness } from "@/tests/support/inngest-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

// Each scenario runs with SDK checkpointing (the app's default: consecutive steps in one request)
// and without it (one call per step, as for a client with checkpointing: false).
describe.each([
  ["checkpointing", true],
  ["a call per step", false],
])("embedded executor: sleeps, waits, invokes and events (%s)", (_mode, checkpointing) => {
  const start: typeof startHarness = (define, options = {}) => startHarness(define, { checkpointing, ...options });
  it("sleeps for a duration and until a date", async () => {
    h = await start((client) => [
      client.createFunction({ id: "sleepy", triggers: [{ event: "t/sleep" }] }, async ({ step }) => {
        const t0 = await step.run("t0", () => Date.now());
        await step.sleep("nap", "400ms");
        const t1 = await step.run("t1", () => Date.now());
        await step.sleepUntil("alarm", new Date(t1 + 300));
        const t2 = await step.run("t2", () => Date.now());
        return { nap: t1 - t0, alarm: t2 - t1 };
      }),
    ]);
    await h.send("t/sleep");
    const out = parsed((await h.waitForRun("sleepy")).output) as { nap: number; alarm: number };
    expect(out.nap).toBeGreaterThanOrEqual(400);
    expect(out.alarm).toBeGreaterThanOrEqual(290);
  });

  it("waitForEvent matches on a field, ignores other events, and returns null on timeout", async () => {
    h = await start((client) => [
      client.createFunction({ id: "waiter", triggers: [{ event: "t/order" }] }, async ({ step }) => {
        const paid = await step.waitForEvent("paid", { event: "t/paid", timeout: "10s", match: "data.orderId" });
        const shipped = await step.waitForEvent("shipped", { event: "t/shipped", timeout: "300ms" });
        return { paid: paid?.data ?? null, shipped };
      }),
    ]);
    await h.send("t/order", { orderId: "A" });
    await until(
      () =>
        h!.executor.db.prepare(`SELECT COUNT(*) AS n FROM waits WHERE kind = 'event'`).get() !== undefined &&
        (h!.executor.db.prepare(`SELECT COUNT(*) AS n FROM waits WHERE kind = 'event'`).get() as { n: number }).n === 1,
    );
    await h.send("t/paid", { orderId: "B", amount: 1 });
    await h.send("t/paid", { orderId: "A", amount: 2 });
    const run = await h.waitForRun("waiter");
    expect(parsed(run.output)).toEqual({ paid: { orderId: "A", amount: 2 }, shipped: null });
  });

  it("waitForEvent with an `if` expression", async () => {
    h = await start((client) => [
      client.createFunction({ id: "if-waiter", triggers: [{ event: "t/start" }] }, async ({ step }) => {
        const big = await step.waitForEvent("big", {
          event: "t/amount",
          timeout: "10s",
          if: "async.data.amount > event.data.min && async.data.kind == 'x'",
        });
        return big?.data ?? null;
      }),
    ]);
    await h.send("t/start", { min: 10 });
    await until(
      () =>
        (h!.executor.db.prepare(`SELECT COUNT(*) AS n FROM waits WHERE kind = 'event'`).get() as { n: number }).n === 1,
    );
    await h.send("t/amount", { amount: 5, kind: "x" });
    await h.send("t/amount", { amount: 50, kind: "y" });
    await h.send("t/amount", { amount: 50, kind: "x" });
    expect(parsed((await h.waitForRun("if-waiter")).output)).toEqual({ amount: 50, kind: "x" });
  });

  it("invokes another function and gets its result, its error, or a timeout", async () => {
    h = await start((client) => {
      const child = client.createFunction(
        { id: "child", triggers: [{ event: "t/never" }] },
        async ({ event, step }) => {
          const data = event.data as { n: number; fail?: boolean; slow?: boolean };
          if (data.slow) await step.sleep("slow", "5s");
          if (data.fail) throw new Error("child failed");
          return step.run("double", () => data.n * 2);
        },
      );
      const parent = client.createFunction(
        { id: "parent", retries: 0, triggers: [{ event: "t/parent" }] },
        async ({ step }) => {
          const ok = await step.invoke("ok", { function: child, data: { n: 21 } });
          const failed = await step
            .invoke("fails", { function: child, data: { n: 1, fail: true } })
            .catch((e: Error) => `error: ${e.message}`);
          const late = await step
            .invoke("late", { function: child, data: { n: 1, slow: true }, timeout: "300ms" })
            .catch((e: Error) => `timeout: ${e.name}`);
          return { ok, failed, late };
        },
      );
      return [child, parent];
    });
    await h.send("t/parent");
    const out = parsed((await h.waitForRun("parent")).output) as Record<string, unknown>;
    expect(out.ok).toBe(42);
    expect(out.failed).toMatch(/child failed/);
    expect(out.late).toMatch(/^timeout/);
  });

  it("invoking a function the app does not have gives the step a clear error", async () => {
    h = await start((client) => [
      client.createFunction({ id: "lonely", retries: 0, triggers: [{ event: "t/lonely" }] }, async ({ step }) =>
        step
          .invoke("ghost", { function: referenceFunction({ functionId: "ghost" }), data: {} })
          .catch((e: Error) => e.message),
      ),
    ]);
    await h.send("t/lonely");
    expect(parsed((await h.waitForRun("lonely")).output)).toMatch(
      /Cannot invoke "test-app-ghost": no such function is registered/,
    );
  });

  it("step.sendEvent triggers functions by wildcard and expression; the same event id runs once", async () => {
    h = await start((client) => [
      client.createFunction({ id: "sender", triggers: [{ event: "t/send" }] }, async ({ step }) => {
        await step.sendEvent("fan-out", [
          { name: "t/item.created", data: { n: 1 } },
          { name: "t/item.created", data: { n: 100 } },
        ]);
      }),
      client.createFunction(
        { id: "wild", triggers: [{ event: "t/item.*", if: "event.data.n > 10" }] },
        async ({ event }) => event.data,
      ),
    ]);
    await h.send("t/send");
    await h.waitForRun("sender");
    const run = await h.waitForRun("wild");
    expect(parsed(run.output)).toEqual({ n: 100 });
    await h.send("t/item.created", { n: 500 }, "same-id");
    await h.send("t/item.created", { n: 500 }, "same-id");
    await until(() => h!.executor.runs("test-app-wild").length === 2);
    // Everything the events started has run: a third run would show now.
    await waitUntilQuiet(h.executor);
    expect(h.executor.runs("test-app-wild")).toHaveLength(2);
  });

  it("cancelOn cancels a sleeping run and emits inngest/function.cancelled", async () => {
    h = await start((client) => [
      client.createFunction(
        { id: "cancellable", cancelOn: [{ event: "t/cancel", match: "data.id" }], triggers: [{ event: "t/long" }] },
        async ({ step }) => {
          await step.sleep("long", "1h");
          return "finished";
        },
      ),
      client.createFunction(
        { id: "on-cancel", triggers: [{ event: "inngest/function.cancelled" }] },
        async ({ event }) => event.data.function_id,
      ),
    ]);
    await h.send("t/long", { id: 1 });
    await h.send("t/long", { id: 2 });
    // Both runs are asleep (their wake-ups are scheduled) before the cancel event is sent.
    await until(
      () =>
        (
          h!.executor.db
            .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'resume' AND function_id = 'test-app-cancellable'`)
            .get() as { n: number }
        ).n === 2,
    );
    await h.send("t/cancel", { id: 2 });
    const cancelled = await h.waitForRun("cancellable", (r) => r.status === "cancelled");
    expect(parsed(cancelled.event)).toMatchObject({ data: { id: 2 } });
    expect(h.executor.runs("test-app-cancellable").filter((r) => r.status === "running")).toHaveLength(1);
    expect(parsed((await h.waitForRun("on-cancel")).output)).toBe("test-app-cancellable");
  });

  it("onFailure runs with the error, and finished/failed events are emitted", async () => {
    h = await start((client) => [
      client.createFunction(
        {
          id: "doomed",
          retries: 0,
          triggers: [{ event: "t/doomed" }],
          onFailure: async ({ error, event }: { error: Error; event: { data: { event: { data: unknown } } } }) => ({
            message: error.message,
            original: event.data.event.data,
          }),
        },
        async () => {
          throw new Error("it broke");
        },
      ),
      client.createFunction(
        { id: "finished-listener", triggers: [{ event: "inngest/function.finished" }] },
        async ({ event }) => ({
          fn: event.data.function_id,
          failed: Boolean(event.data.error),
        }),
      ),
    ]);
    await h.send("t/doomed", { k: "v" });
    expect((await h.waitForRun("doomed")).status).toBe("failed");
    const failure = await h.waitForRun("doomed-failure");
    expect(parsed(failure.output)).toEqual({ message: "it broke", original: { k: "v" } });
    const listener = await h.waitForRun(
      "finished-listener",
      (r) => r.status === "completed" && (parsed(r.output) as { fn: string }).fn === "test-app-doomed",
    );
    expect(parsed(listener.output)).toEqual({ fn: "test-app-doomed", failed: true });
  });

  it("keeps at most `concurrency` steps of a function running", async () => {
    let running = 0;
    let peak = 0;
    h = await start(
      (client) => [
        client.createFunction({ id: "limited", concurrency: 2, triggers: [{ event: "t/limited" }] }, async ({ step }) =>
          step.run("work", async () => {
            peak = Math.max(peak, ++running);
            // Simulated work: long enough for the runs to overlap if the limit let them.
            await new Promise((r) => setTimeout(r, 100));
            running--;
          }),
        ),
      ],
      { concurrency: 3 },
    );
    await h.client.send(Array.from({ length: 6 }, (_, i) => ({ name: "t/limited", data: { i } })));
    await until(
      () => h!.executor.runs("test-app-limited").filter((r) => r.status === "completed").length === 6,
      15_000,
    );
    expect(peak).toBe(2);
  });

  it("keeps at most the global cap of calls in flight over all functions", async () => {
    let running = 0;
    let peak = 0;
    const work = async () => {
      peak = Math.max(peak, ++running);
      // Simulated work: long enough for the calls to overlap if the cap let them.
      await new Promise((r) => setTimeout(r, 50));
      running--;
    };
    h = await start(
      (client) => [
        client.createFunction({ id: "free-a", triggers: [{ event: "t/free" }] }, async ({ step }) =>
          step.run("work", work),
        ),
        client.createFunction({ id: "free-b", triggers: [{ event: "t/free" }] }, async ({ step }) =>
          step.run("work", work),
        ),
      ],
      { concurrency: 2 },
    );
    await h.client.send(Array.from({ length: 4 }, (_, i) => ({ name: "t/free", data: { i } })));
    await until(() => h!.executor.runs().filter((r) => r.status === "completed").length === 8, 15_000);
    expect(peak).toBe(2);
  });
});
