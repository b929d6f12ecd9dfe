import { describe, expect, it } from "vitest";
import type { AgentInput } from "@/server/agents/agent-input";
import { seedBuiltinAgents } from "@/server/agents/builtin";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

let n = 0;
const draft = (over: Record<string, unknown> = {}) => ({
  name: `Agent ${++n}-${Date.now()}`,
  role: "Tester",
  systemPrompt: "You test things.",
  tools: ["files_read"],
  ...over,
});

describe("agents service through the tRPC router", () => {
  it("creates with defaults and refuses invalid input with a readable message", async () => {
    const { caller, user } = await makeUser();
    const a = await caller.agents.create(draft({ goals: ["Find bugs"], temperature: 0.3 }));
    expect(a).toMatchObject({
      role: "Tester",
      goals: ["Find bugs"],
      temperature: 0.3,
      maxTurns: 8,
      memoryMode: "none",
      status: "active",
      builtin: false,
      ownerId: user.id,
      mine: true,
      editable: true,
    });
    expect(a.avatar).toEqual({ kind: "emoji", value: "🤖" });

    await expect(caller.agents.create(draft({ name: "  " }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Give the agent a name."),
    });
    await expect(caller.agents.create(draft({ systemPrompt: "" }))).rejects.toMatchObject({
      message: expect.stringContaining("system prompt"),
    });
    await expect(caller.agents.create(draft({ temperature: 3 }))).rejects.toMatchObject({
      message: expect.stringContaining("Temperature is at most 2."),
    });
    await expect(caller.agents.create(draft({ modelId: "not a model" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.agents.create(draft({ memoryMode: "forever" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      caller.agents.create(draft({ avatar: { kind: "initials", value: "AB", color: "red" } })),
    ).rejects.toMatchObject({ message: expect.stringContaining("#1a2b3c") });
  });

  it("keeps names unique regardless of case, on create, update and duplicate", async () => {
    const { caller } = await makeUser();
    const other = await makeUser();
    const a = await caller.agents.create(draft({ name: "Unique Owl" }));
    await expect(caller.agents.create(draft({ name: "unique owl" }))).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'An agent named "unique owl" already exists. Choose another name.',
    });
    // Names are global: another user's agent takes the name too.
    await expect(other.caller.agents.create(draft({ name: "UNIQUE OWL" }))).rejects.toMatchObject({ code: "CONFLICT" });
    const b = await caller.agents.create(draft({ name: "Second Owl" }));
    await expect(caller.agents.update({ id: b.id, data: draft({ name: "Unique owl" }) })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // Renaming to itself with another case is fine.
    expect((await caller.agents.update({ id: a.id, data: draft({ name: "UNIQUE Owl" }) })).name).toBe("UNIQUE Owl");

    const c1 = await caller.agents.duplicate({ id: a.id });
    const c2 = await caller.agents.duplicate({ id: a.id });
    expect([c1.name, c2.name]).toEqual(["UNIQUE Owl (copy)", "UNIQUE Owl (copy 2)"]);
    expect(c1).toMatchObject({ systemPrompt: a.systemPrompt, tools: a.tools, status: "active", builtin: false });
  });

  it("seeds the built-in agents once, protects them and lets users copy them", async () => {
    await seedBuiltinAgents();
    expect(await seedBuiltinAgents()).toEqual({ created: 0 });
    const admin = await makeUser("admin");
    const user = await makeUser();
    const names = (await user.caller.agents.list()).filter((a) => a.builtin).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(["General assistant", "Researcher", "Coder", "Planner", "Executor"]));

    const researcher = (await user.caller.agents.list()).find((a) => a.name === "Researcher")!;
    expect(researcher).toMatchObject({ builtin: true, editable: false, memoryMode: "long_term" });
    expect(researcher.tools).toEqual(expect.arrayContaining(["web_search", "web_fetch", "files_search"]));
    await expect(user.caller.agents.update({ id: researcher.id, data: draft() })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Only an admin"),
    });
    await expect(user.caller.agents.pause({ id: researcher.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(user.caller.agents.delete({ id: researcher.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.agents.delete({ id: researcher.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Built-in agents cannot be deleted. Pause it instead.",
    });

    // An admin edits it; the edit survives the next seeding.
    const full = await admin.caller.agents.get({ id: researcher.id });
    await admin.caller.agents.update({ id: researcher.id, data: { ...pick(full), name: "Web researcher" } });
    await seedBuiltinAgents();
    expect((await db.agent.findMany({ where: { builtinKey: "researcher" } })).map((a) => a.name)).toEqual([
      "Web researcher",
    ]);

    const copy = await user.caller.agents.duplicate({ id: researcher.id });
    expect(copy).toMatchObject({ name: "Web researcher (copy)", builtin: false, mine: true, editable: true });

    // A paused built-in agent disappears for users (they see active shared agents), not for admins.
    await admin.caller.agents.pause({ id: researcher.id });
    expect((await user.caller.agents.list()).map((a) => a.id)).not.toContain(researcher.id);
    expect((await user.caller.agents.active()).map((a) => a.id)).not.toContain(researcher.id);
    expect((await admin.caller.agents.list()).find((a) => a.id === researcher.id)?.status).toBe("paused");
    await admin.caller.agents.resume({ id: researcher.id });
    expect((await user.caller.agents.active()).map((a) => a.id)).toContain(researcher.id);
  });

  it("hides another user's agent: NOT_FOUND for every operation", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const a = await owner.caller.agents.create(draft());
    expect((await other.caller.agents.list()).map((x) => x.id)).not.toContain(a.id);
    for (const call of [
      () => other.caller.agents.get({ id: a.id }),
      () => other.caller.agents.update({ id: a.id, data: draft() }),
      () => other.caller.agents.duplicate({ id: a.id }),
      () => other.caller.agents.pause({ id: a.id }),
      () => other.caller.agents.resume({ id: a.id }),
      () => other.caller.agents.delete({ id: a.id }),
      () => other.caller.agents.openChat({ id: a.id }),
      () => other.caller.agents.performance({ id: a.id }),
      () => other.caller.agents.memory.list({ agentId: a.id }),
      () => other.caller.agents.memory.add({ agentId: a.id, content: "x" }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await owner.caller.agents.get({ id: a.id })).name).toBe(a.name);
  });

  it("pauses, resumes, opens a chat only when active, and deletes", async () => {
    const { caller, user } = await makeUser();
    const a = await caller.agents.create(draft());
    expect((await caller.agents.pause({ id: a.id })).status).toBe("paused");
    await expect(caller.agents.openChat({ id: a.id })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("is paused"),
    });
    expect((await caller.agents.resume({ id: a.id })).status).toBe("active");
    const { sessionId } = await caller.agents.openChat({ id: a.id });
    expect(await db.chatSession.findUnique({ where: { id: sessionId } })).toMatchObject({
      userId: user.id,
      agentId: a.id,
      title: `Chat with ${a.name}`,
    });
    await caller.agents.delete({ id: a.id });
    await expect(caller.agents.get({ id: a.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("counts runs, tokens of the last 24 h, error rate and last activity per agent", async () => {
    const { caller, user } = await makeUser();
    const other = await makeUser();
    const a = await caller.agents.create(draft());
    const hour = 60 * 60_000;
    const now = Date.now();
    const call = (over: Record<string, unknown>) => ({
      provider: "ollama",
      model: "llama3.2",
      durationMs: 100,
      ok: true,
      agentId: a.id,
      userId: user.id,
      ...over,
    });
    await db.modelCall.createMany({
      data: [
        call({ sessionId: "s1", inputTokens: 10, outputTokens: 20, createdAt: new Date(now - hour) }),
        call({ sessionId: "s1", inputTokens: 5, outputTokens: 5, ok: false, createdAt: new Date(now - 2 * hour) }),
        call({ sessionId: "s1", inputTokens: 1000, outputTokens: 1000, createdAt: new Date(now - 30 * hour) }),
        call({ inputTokens: 7, outputTokens: 3, createdAt: new Date(now - 3 * hour) }), // a task's call: no session
        call({
          sessionId: "s2",
          userId: other.user.id,
          inputTokens: 500,
          outputTokens: 500,
          createdAt: new Date(now - hour),
        }),
      ],
    });
    await db.task.create({
      data: { kind: "agent", title: "Run", agentId: a.id, ownerId: user.id, createdAt: new Date(now - 10 * 60_000) },
    });

    const stats = (await caller.agents.get({ id: a.id })).stats;
    // Runs: 3 chat answers of this user + 1 task; the other user's call does not count for them.
    expect(stats).toMatchObject({ runs: 4, tokens24h: 50, calls24h: 3, errors24h: 1 });
    expect(stats.errorRate).toBeCloseTo(1 / 3);
    expect(stats.lastActivityAt!.getTime()).toBe(now - 10 * 60_000);

    const perf = await caller.agents.performance({ id: a.id, days: 3 });
    expect(perf.days).toHaveLength(3);
    expect(perf.totals).toMatchObject({ calls: 4, errors: 1, tokens: 2050 });
    expect(perf.days.reduce((s, d) => s + d.inputTokens + d.outputTokens, 0)).toBe(2050);
  });
});

/** The editable fields of an agent view, as the edit form sends them. */
function pick(v: object) {
  const keys = [
    "name",
    "role",
    "description",
    "avatar",
    "systemPrompt",
    "goals",
    "modelId",
    "temperature",
    "maxTokens",
    "maxTurns",
    "tokenBudget",
    "tools",
    "memoryMode",
  ];
  return Object.fromEntries(keys.map((k) => [k, (v as Record<string, unknown>)[k]])) as AgentInput;
}
