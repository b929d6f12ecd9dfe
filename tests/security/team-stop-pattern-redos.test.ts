import { describe, expect, it } from "vitest";
import { stopMatch } from "@/server/teams/turns";
import { makeUser } from "@/tests/support/auth";

/**
 * Issue 22, finding 1: a team saved with the stop pattern `(a+)+c` and a planner answer of 32 "a"s
 * and "!" stalled every request of the server for ~34 s (a backtracking regex on the main thread).
 * Stop patterns run on RE2 now, and a pattern RE2 cannot run is refused when it is saved.
 */
describe("a team's stop pattern", () => {
  it("runs in linear time on a catastrophic pattern", () => {
    const started = performance.now();
    const cast = { stopPhrase: null, stopRegex: "(a+)+c" };
    expect(stopMatch(cast, "Planner", `${"a".repeat(32)}!`)).toBeNull();
    expect(stopMatch(cast, "Planner", `${"a".repeat(100_000)}!`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(stopMatch({ stopPhrase: null, stopRegex: "^DONE\\b" }, "Planner", "done: all steps")).toMatch(
      /matched the stop pattern/,
    );
  });

  it("that RE2 cannot run is refused at save with the reason", async () => {
    const { caller } = await makeUser("user");
    const planner = await caller.agents.create({ name: `P ${Date.now()}`, role: "plans", systemPrompt: "Plan." });
    const executor = await caller.agents.create({ name: `E ${Date.now()}`, role: "does", systemPrompt: "Do." });
    await expect(
      caller.teams.create({
        name: `Backrefs ${Date.now()}`,
        stopRegex: "(done)\\1",
        members: [
          { agentId: planner.id, role: "planner" },
          { agentId: executor.id, role: "executor" },
        ],
      }),
    ).rejects.toThrow(/look-arounds and back-references are not supported/);
  });
});
