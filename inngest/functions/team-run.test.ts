import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamRun } from "@/inngest/functions/team-run";
import { createChatSession } from "@/server/chat/sessions";
import { getChatThread } from "@/server/chat/messages";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { parseStoredPlan } from "@/server/teams/plan";
import { startTeamRunForSession } from "@/server/teams/start";
import { stopTeamRun } from "@/server/teams/stop";
import { makeUser } from "@/tests/support/auth";
import { waitUntilQuiet } from "@/tests/support/executor-wait";
import { startLedgerHarness, until } from "@/tests/support/ledger-harness";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let ollama: FakeOllamaServer;
let h: Awaited<ReturnType<typeof startLedgerHarness>>;

beforeAll(async () => {
  ollama = await startOllamaServer();
  await applySettings({ actor: null, changes: { providers: { ollamaUrl: ollama.url } } });
  h = await startLedgerHarness(true, (client) => [createTeamRun(client)]);
});
afterAll(async () => {
  await h.close();
  await ollama.close();
});

const MODEL = "ollama:llama3.2:latest";
let seq = 0;

async function setup(
  team: {
    maxRounds?: number;
    stopPhrase?: string | null;
    stopRegex?: string | null;
    timeoutSeconds?: number;
    executorTurns?: number;
  } = {},
) {
  const { user } = await makeUser("user");
  const n = ++seq;
  const planner = await db.agent.create({
    data: {
      name: `Planner ${n} ${Date.now()}`,
      role: "Plans",
      avatar: "{}",
      systemPrompt: "You plan.",
      modelId: MODEL,
      ownerId: user.id,
    },
  });
  const executor = await db.agent.create({
    data: {
      name: `Executor ${n} ${Date.now()}`,
      role: "Does the work",
      avatar: "{}",
      systemPrompt: "You execute.",
      modelId: MODEL,
      tools: JSON.stringify(["files_list"]),
      maxTurns: team.executorTurns ?? 4,
      ownerId: user.id,
    },
  });
  const row = await db.team.create({
    data: {
      name: `Team ${n} ${Date.now()}`,
      members: JSON.stringify([
        { agentId: planner.id, role: "planner" },
        { agentId: executor.id, role: "executor" },
      ]),
      maxRounds: team.maxRounds ?? 3,
      stopPhrase: team.stopPhrase ?? null,
      stopRegex: team.stopRegex ?? null,
      timeoutSeconds: team.timeoutSeconds ?? 120,
      createdBy: user.id,
    },
  });
  const session = await createChatSession({ userId: user.id });
  const start = (goal: string) =>
    startTeamRunForSession(
      { viewer: { ...user, role: "user" }, sessionId: session.id, teamId: row.id, goal, promptId: null },
      (e) => h.client.send(e),
    );
  return { user, planner, executor, team: row, session, start };
}

const finished = (id: string) => () =>
  db.teamRun.findFirst({ where: { id, status: { in: ["succeeded", "stopped", "failed"] } } });
const taskOf = (taskId: string) =>
  until("the task to end", () =>
    db.task.findFirst({
      where: { id: taskId, status: { in: ["succeeded", "failed", "cancelled"] } },
      include: { steps: { orderBy: { seq: "asc" } } },
    }),
  );
const plan = (steps: { title: string; detail?: string }[]) => JSON.stringify({ steps });

describe("team-run", () => {
  it("plans, executes each step with the executor's tools, reviews, and shows each agent's messages with name and role", async () => {
    const t = await setup();
    ollama.script(
      {
        text:
          "Here is the plan:\n```json\n" +
          plan([{ title: "List the workspace", detail: "Use files_list" }, { title: "Summarise" }]) +
          "\n```",
      },
      { text: "", toolCalls: [{ name: "files_list", arguments: { path: "." } }] },
      { text: "The workspace is listed." },
      { text: "Summary written." },
      { text: JSON.stringify({ done: true, summary: "The workspace was listed and summarised." }) },
    );
    const run = await t.start("Describe the workspace");
    const done = await until("the run to finish", finished(run.id), 30_000);
    expect(done).toMatchObject({ status: "succeeded", error: null, round: 1 });
    expect(parseStoredPlan(done.plan).map((s) => [s.title, s.status])).toEqual([
      ["List the workspace", "done"],
      ["Summarise", "done"],
    ]);
    expect(parseStoredPlan(done.plan)[0]!.result).toBe("The workspace is listed.");

    const thread = await getChatThread({ sessionId: t.session.id });
    expect(thread.map((m) => [m.role, m.metadata?.agentName, m.metadata?.agentRole])).toEqual([
      ["assistant", t.planner.name, "Plans"],
      ["assistant", t.executor.name, "Does the work"],
      ["assistant", t.executor.name, "Does the work"],
      ["assistant", t.planner.name, "Plans"],
    ]);
    expect(thread[0]!.parts.at(-1)).toMatchObject({
      type: "text",
      text: expect.stringContaining("1. **List the workspace**"),
    });
    expect(thread[1]!.parts[0]).toMatchObject({
      type: "dynamic-tool",
      toolName: "files_list",
      state: "output-available",
    });
    expect(thread[3]!.parts.at(-1)).toMatchObject({
      text: expect.stringContaining("The workspace was listed and summarised."),
    });
    expect(await db.toolCall.count({ where: { tool: "files_list", agentId: t.executor.id, runId: run.id } })).toBe(1);
    // Every model call is a ModelCall row: planner 2, executor 2 (tool call + its answer in one generateText counts once).
    expect(await db.modelCall.count({ where: { sessionId: t.session.id, ok: true } })).toBe(4);

    const task = await taskOf(run.taskId!);
    expect(task).toMatchObject({ status: "succeeded", originType: "chat", originId: t.session.id });
    expect(task.steps.map((s) => s.name)).toEqual([
      "start",
      "plan (round 1)",
      "execute s1",
      "execute s2",
      "review (round 1)",
      "finish",
    ]);
  }, 60_000);

  it("sends an invalid plan back with the precise error and accepts the corrected one", async () => {
    const t = await setup();
    ollama.script(
      { text: "I would first look around, then write it down." },
      { text: JSON.stringify({ steps: [{ title: "" }] }) },
      { text: plan([{ title: "Do it" }]) },
      { text: "Did it." },
      { text: JSON.stringify({ done: true, summary: "Done." }) },
    );
    const run = await t.start("Do the thing");
    const done = await until("the run to finish", finished(run.id), 30_000);
    expect(done.status).toBe("succeeded");
    const calls = await db.modelCall.findMany({
      where: { sessionId: t.session.id, agentId: t.planner.id },
      orderBy: { createdAt: "asc" },
    });
    expect(calls).toHaveLength(4);
    const second = JSON.parse(calls[1]!.request!) as { messages: { role: string; content: string }[] };
    expect(second.messages.at(-1)!.content).toContain("Your answer contained no JSON object.");
    const third = JSON.parse(calls[2]!.request!) as { messages: { role: string; content: string }[] };
    expect(third.messages.at(-1)!.content).toContain("steps.0.title: a step has an empty title");
  }, 60_000);

  it("fails after the planner's corrections run out, counting toward its automatic disabling", async () => {
    const t = await setup();
    ollama.script({ text: "no" }, { text: "still no" }, { text: "{not json}" });
    const run = await t.start("Plan something");
    const done = await until("the run to fail", finished(run.id), 30_000);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/did not write a valid plan after 3 attempts: Your answer is not valid JSON/);
    expect(await db.agentFailure.count({ where: { agentId: t.planner.id } })).toBe(1);
    const thread = await getChatThread({ sessionId: t.session.id });
    expect(thread.at(-1)).toMatchObject({ role: "system", metadata: { status: "error" } });
    expect((await taskOf(run.taskId!)).status).toBe("failed");
  }, 60_000);

  it("stops when an agent says the stop phrase; the steps not reached are skipped", async () => {
    const t = await setup({ stopPhrase: "TERMINATE" });
    ollama.script({ text: plan([{ title: "One" }, { title: "Two" }]) }, { text: "All done already. TERMINATE" });
    const run = await t.start("Quick goal");
    const done = await until("the run to finish", finished(run.id), 30_000);
    expect(done).toMatchObject({ status: "succeeded", stopReason: expect.stringContaining('stop phrase "TERMINATE"') });
    expect(parseStoredPlan(done.plan).map((s) => s.status)).toEqual(["done", "skipped"]);
  }, 60_000);

  it("stops at the stop pattern (regex)", async () => {
    const t = await setup({ stopRegex: "^FINAL ANSWER:" });
    ollama.script({ text: plan([{ title: "One" }, { title: "Two" }]) }, { text: "FINAL ANSWER: 42" });
    const run = await t.start("Regex goal");
    const done = await until("the run to finish", finished(run.id), 30_000);
    expect(done).toMatchObject({ status: "succeeded", stopReason: expect.stringContaining("stop pattern") });
  }, 60_000);

  it("stops after max rounds; the planner's further steps are kept as skipped", async () => {
    const t = await setup({ maxRounds: 1 });
    ollama.script(
      { text: plan([{ title: "First" }]) },
      { text: "First done." },
      { text: JSON.stringify({ done: false, steps: [{ title: "Second" }] }) },
    );
    const run = await t.start("Long goal");
    const done = await until("the run to stop", finished(run.id), 30_000);
    expect(done).toMatchObject({ status: "stopped", stopReason: "Stopped after the maximum of 1 round." });
    expect(parseStoredPlan(done.plan).map((s) => [s.title, s.status, s.round])).toEqual([
      ["First", "done", 1],
      ["Second", "skipped", 2],
    ]);
    const thread = await getChatThread({ sessionId: t.session.id });
    expect(thread.at(-1)).toMatchObject({
      role: "system",
      parts: [{ type: "text", text: "Stopped after the maximum of 1 round." }],
    });
  }, 60_000);

  it("fails at the overall timeout, even in the middle of a model call", async () => {
    const t = await setup({ timeoutSeconds: 2 });
    ollama.script(
      { text: plan([{ title: "Slow step" }]) },
      { text: "Too late.", fault: { kind: "slow-first-token", delayMs: 5_000 } },
    );
    const run = await t.start("Slow goal");
    const done = await until("the run to fail", finished(run.id), 30_000);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/time ran out|within its timeout of 2 s/);
    expect(parseStoredPlan(done.plan)[0]!.status).toBe("failed");
  }, 60_000);

  it("refuses a second goal while the team works on one", async () => {
    const t = await setup();
    ollama.script(
      { text: plan([{ title: "A" }]), fault: { kind: "slow-first-token", delayMs: 1_500 } },
      { text: "A done." },
      { text: JSON.stringify({ done: true, summary: "ok" }) },
    );
    const run = await t.start("First goal");
    await expect(t.start("Second goal")).rejects.toThrow(/still working on the previous goal/);
    expect((await until("the run to finish", finished(run.id), 30_000)).status).toBe("succeeded");
  }, 60_000);

  it("Stop cancels the run's task: the turn in flight finishes, nothing after it starts, and the chat can take a new goal", async () => {
    const t = await setup();
    ollama.script(
      { text: plan([{ title: "Slow" }, { title: "Never" }]) },
      { text: "Slow done.", fault: { kind: "slow-first-token", delayMs: 1_500 } },
    );
    const run = await t.start("Stoppable goal");
    await until(
      "the first step to run",
      async () =>
        parseStoredPlan((await db.teamRun.findUniqueOrThrow({ where: { id: run.id } })).plan)[0]?.status === "running",
    );
    await stopTeamRun({ viewer: { ...t.user, role: "user" }, sessionId: t.session.id });
    const stopped = await db.teamRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stopped).toMatchObject({ status: "stopped", stopReason: "Stopped by the user." });
    expect((await db.task.findUniqueOrThrow({ where: { id: run.taskId! } })).status).toBe("cancelled");
    await waitUntilQuiet(h.executor, 30_000);
    // The executor's call in flight was answered; the second step and the review never ran.
    expect(await db.modelCall.count({ where: { sessionId: t.session.id } })).toBe(2);
    ollama.script(
      { text: plan([{ title: "Again" }]) },
      { text: "Again done." },
      { text: JSON.stringify({ done: true, summary: "ok" }) },
    );
    const next = await t.start("A new goal");
    expect((await until("the new run to finish", finished(next.id), 30_000)).status).toBe("succeeded");
  }, 60_000);

  it("an executor's tool loop stops at its max turns, with a notice in its report", async () => {
    const t = await setup({ executorTurns: 1 });
    ollama.script(
      { text: plan([{ title: "Look around" }]) },
      { text: "", toolCalls: [{ name: "files_list", arguments: { path: "." } }] },
      { text: JSON.stringify({ done: true, summary: "Looked." }) },
    );
    const run = await t.start("Look");
    expect((await until("the run to finish", finished(run.id), 30_000)).status).toBe("succeeded");
    const thread = await getChatThread({ sessionId: t.session.id });
    expect(thread[1]!.parts.at(-1)).toMatchObject({
      type: "text",
      text: expect.stringContaining("Stopped after 1 turns"),
    });
  }, 60_000);
});
