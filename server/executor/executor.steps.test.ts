import { NonRetriableError, RetryAfterError } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { parsed, startHarness, type Harness } from "@/tests/support/inngest-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// Each scenario runs with SDK checkpointing (the app's default: consecutive steps in one request)
// and without it (one call per step, as for a client with checkpointing: false).
describe.each([
  ["checkpointing", true],
  ["a call per step", false],
])("embedded executor: steps, errors and retries (%s)", (_mode, checkpointing) => {
  const start: typeof startHarness = (define, options = {}) => startHarness(define, { checkpointing, ...options });
  it("retries a failing step with backoff and memoises the earlier steps", async () => {
    const counts = { a: 0, flaky: 0 };
    const attempts: number[] = [];
    h = await start((client) => [
      client.createFunction(
        { id: "flaky", retries: 3, triggers: [{ event: "t/flaky" }] },
        async ({ step, attempt }) => {
          await step.run("a", () => ++counts.a);
          const v = await step.run("flaky", () => {
            attempts.push(attempt);
            if (++counts.flaky < 3) throw new Error(`boom ${counts.flaky}`);
            return "ok";
          });
          return v;
        },
      ),
    ]);
    await h.send("t/flaky");
    const run = await h.waitForRun("flaky");
    expect(run.status).toBe("completed");
    expect(parsed(run.output)).toBe("ok");
    expect(counts).toEqual({ a: 1, flaky: 3 });
    expect(attempts).toEqual([0, 1, 2]);
  });

  it("gives the error to the function once a step's retries are used up, and the function may catch it", async () => {
    let tries = 0;
    h = await start((client) => [
      client.createFunction({ id: "catches", retries: 1, triggers: [{ event: "t/catch" }] }, async ({ step }) => {
        try {
          await step.run("always-fails", () => {
            tries++;
            throw new Error("nope");
          });
        } catch (err) {
          return { caught: (err as Error).message };
        }
        return "unreachable";
      }),
    ]);
    await h.send("t/catch");
    const run = await h.waitForRun("catches");
    expect(run.status).toBe("completed");
    expect(parsed(run.output)).toEqual({ caught: "nope" });
    expect(tries).toBe(2);
  });

  it("stops at a NonRetriableError and fails the run without retrying", async () => {
    let tries = 0;
    h = await start((client) => [
      client.createFunction({ id: "fatal", retries: 4, triggers: [{ event: "t/fatal" }] }, async ({ step }) => {
        await step.run("fatal", () => {
          tries++;
          throw new NonRetriableError("bad input");
        });
      }),
    ]);
    await h.send("t/fatal");
    const run = await h.waitForRun("fatal");
    expect(run.status).toBe("failed");
    expect((parsed(run.error) as { message: string }).message).toContain("bad input");
    expect(tries).toBe(1);
  });

  it("waits at least as long as a RetryAfterError asks", async () => {
    const times: number[] = [];
    h = await start((client) => [
      client.createFunction({ id: "later", triggers: [{ event: "t/later" }] }, async ({ step }) =>
        step.run("rate-limited", () => {
          times.push(Date.now());
          if (times.length === 1) throw new RetryAfterError("slow down", 1000);
          return "done";
        }),
      ),
    ]);
    await h.send("t/later");
    const run = await h.waitForRun("later");
    expect(run.status).toBe("completed");
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
  });

  it("retries errors thrown outside steps as function retries, then fails with the error", async () => {
    let tries = 0;
    h = await start((client) => [
      client.createFunction({ id: "fn-error", retries: 2, triggers: [{ event: "t/fn-error" }] }, async () => {
        tries++;
        throw new Error("outside a step");
      }),
    ]);
    await h.send("t/fn-error");
    const run = await h.waitForRun("fn-error");
    expect(run.status).toBe("failed");
    expect(tries).toBe(3);
    expect((parsed(run.error) as { message: string }).message).toBe("outside a step");
  });

  it("fails cleanly when a function throws a value that is not an Error", async () => {
    h = await start((client) => [
      client.createFunction({ id: "string-throw", retries: 0, triggers: [{ event: "t/string" }] }, async () => {
        throw "just a string";
      }),
    ]);
    await h.send("t/string");
    const run = await h.waitForRun("string-throw");
    expect(run.status).toBe("failed");
    expect(typeof (parsed(run.error) as { message: string }).message).toBe("string");
  });

  // The SDK cannot serialise these and never answers the call; the executor's call timeout turns
  // that into a failed attempt instead of a run that hangs forever.
  it.each([
    ["a BigInt", () => ({ big: 10n })],
    [
      "a circular object",
      () => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      },
    ],
  ])("fails a run whose function throws %s after its attempts time out", async (_label, value) => {
    h = await start(
      (client) => [
        client.createFunction(
          { id: "unserialisable", retries: 1, triggers: [{ event: "t/unserialisable" }] },
          async () => {
            throw value();
          },
        ),
      ],
      { callTimeoutMs: 500 },
    );
    await h.send("t/unserialisable");
    const run = await h.waitForRun("unserialisable");
    expect(run.status).toBe("failed");
    expect((parsed(run.error) as { name: string }).name).toBe("TimeoutError");
  });

  it("turns a step result over the size limit into a step error instead of storing it", async () => {
    h = await start((client) => [
      client.createFunction({ id: "huge", retries: 0, triggers: [{ event: "t/huge" }] }, async ({ step }) => {
        try {
          await step.run("five-mb", () => "x".repeat(5 * 1024 * 1024));
        } catch (err) {
          return (err as Error).message;
        }
        return "stored";
      }),
    ]);
    await h.send("t/huge");
    const run = await h.waitForRun("huge");
    expect(run.status).toBe("completed");
    expect(parsed(run.output)).toMatch(/returned 5\.0 MB; the limit is 4 MB/);
  });

  it("runs parallel steps once each and gives Promise.race the first finisher", async () => {
    const ran: string[] = [];
    h = await start((client) => [
      client.createFunction({ id: "parallel", triggers: [{ event: "t/par" }] }, async ({ step }) => {
        const all = await Promise.all(
          ["p1", "p2", "p3"].map((id) =>
            step.run(id, async () => {
              ran.push(id);
              return id.toUpperCase();
            }),
          ),
        );
        const winner = await Promise.race([
          step.run("slow", async () => {
            // Simulated slow work: "fast" must finish first for Promise.race to pick it.
            await new Promise((r) => setTimeout(r, 300));
            return "slow";
          }),
          step.run("fast", () => "fast"),
        ]);
        const after = await step.run("after", () => "after");
        return { all, winner, after };
      }),
    ]);
    await h.send("t/par");
    const run = await h.waitForRun("parallel");
    expect(run.status).toBe("completed");
    expect(parsed(run.output)).toEqual({ all: ["P1", "P2", "P3"], winner: "fast", after: "after" });
    expect(ran.sort()).toEqual(["p1", "p2", "p3"]);
  });
});
