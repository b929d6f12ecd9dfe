import { describe, expect, it } from "vitest";
import { recordAgentFailure } from "@/server/agents/failures";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

const MIN = 60_000;
let n = 0;

async function newAgent() {
  const owner = await makeUser();
  const agent = await owner.caller.agents.create({
    name: `Flaky ${++n}-${Date.now()}`,
    role: "Fails",
    systemPrompt: "You fail.",
  });
  return { owner, agent };
}

async function failAt(agentId: string, t0: number, minutes: number[]) {
  const results = [];
  for (const m of minutes)
    results.push(await recordAgentFailure(agentId, { reason: "model error", now: new Date(t0 + m * MIN) }));
  return results;
}

describe("automatic disable after repeated failures", () => {
  it("disables after 5 failures within 5 minutes, raises an alert, and only an admin re-enables", async () => {
    const { owner, agent } = await newAgent();
    const t0 = Date.now() - 10 * MIN;
    const results = await failAt(agent.id, t0, [0, 1, 2, 3, 4]);
    expect(results.map((r) => r.disabled)).toEqual([false, false, false, false, true]);

    const row = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(row.status).toBe("disabled");
    expect(row.disabledReason).toContain("after 5 failures within 5 minutes");
    expect(row.disabledReason).toContain("model error");
    const alert = await db.alert.findFirst({
      where: { source: "agents", title: `Agent "${agent.name}" was disabled` },
    });
    expect(alert).toMatchObject({ level: "error" });

    // Further failures neither re-disable nor raise more alerts.
    expect((await failAt(agent.id, t0, [4.5]))[0]!.disabled).toBe(false);

    await expect(owner.caller.agents.openChat({ id: agent.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(owner.caller.agents.resume({ id: agent.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Only an admin"),
    });
    await expect(owner.caller.agents.pause({ id: agent.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const admin = await makeUser("admin");
    expect(await admin.caller.agents.resume({ id: agent.id })).toMatchObject({
      status: "active",
      disabledReason: null,
    });
    // The old failures were cleared: one more does not disable it again at once.
    expect((await failAt(agent.id, Date.now(), [0]))[0]!.disabled).toBe(false);
  });

  it("does not disable after 4 failures", async () => {
    const { agent } = await newAgent();
    const results = await failAt(agent.id, Date.now() - 10 * MIN, [0, 0.5, 1, 1.5]);
    expect(results.every((r) => !r.disabled)).toBe(true);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("active");
  });

  it("does not disable when 5 failures are spread over 6 minutes", async () => {
    const { agent } = await newAgent();
    const results = await failAt(agent.id, Date.now() - 10 * MIN, [0, 1.5, 3, 4.5, 6]);
    expect(results.every((r) => !r.disabled)).toBe(true);
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("active");
    // …but a sixth soon after makes five within the window.
    expect((await failAt(agent.id, Date.now() - 10 * MIN, [6.2]))[0]!.disabled).toBe(true);
  });

  it("ignores an agent that no longer exists", async () => {
    expect(await recordAgentFailure("gone")).toEqual({ disabled: false });
  });
});
