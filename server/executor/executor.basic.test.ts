import { afterEach, describe, expect, it } from "vitest";
import { parsed, startHarness, type Harness } from "@/tests/support/inngest-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: basics", () => {
  it("runs an event-triggered function and memoises its steps", async () => {
    const calls: string[] = [];
    h = await startHarness((client) => [
      client.createFunction({ id: "basic", triggers: [{ event: "demo/go" }] }, async ({ event, step }) => {
        const a = await step.run("a", () => {
          calls.push("a");
          return (event.data as { n: number }).n + 1;
        });
        const b = await step.run("b", () => {
          calls.push("b");
          return a * 2;
        });
        return { b };
      }),
    ]);
    await h.send("demo/go", { n: 1 });
    const run = await h.waitForRun("basic");
    expect(run.status).toBe("completed");
    expect(parsed(run.output)).toEqual({ b: 4 });
    expect(calls).toEqual(["a", "b"]);
  });
});
