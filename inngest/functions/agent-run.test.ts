import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentRun } from "@/inngest/functions/agent-run";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { EVENT } from "@/inngest/events/names";
import { artifactsRoot } from "@/server/tasks/artifacts";
import { enqueueTask } from "@/server/tasks/enqueue";
import { makeUser } from "@/tests/support/auth";
import { startLedgerHarness, until } from "@/tests/support/ledger-harness";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let ollama: FakeOllamaServer;
let h: Awaited<ReturnType<typeof startLedgerHarness>>;

beforeAll(async () => {
  ollama = await startOllamaServer();
  await applySettings({ actor: null, changes: { providers: { ollamaUrl: ollama.url } } });
  h = await startLedgerHarness(true, (client) => [createAgentRun(client)]);
});
afterAll(async () => {
  await h.close();
  await ollama.close();
});

const finished = (id: string) => () =>
  db.task.findFirst({
    where: { id, status: { in: ["succeeded", "failed", "cancelled"] } },
    include: { steps: { orderBy: { seq: "asc" } }, artifacts: true },
  });

async function start(ownerId: string, data: Record<string, unknown>, agentId: string | null = null) {
  return enqueueTask({ kind: "agent", title: "Ask", eventName: EVENT.agentRun, data, ownerId, agentId }, (e) =>
    h.client.send(e),
  );
}

describe("agent-run", () => {
  it("asks the model, keeps the answer as output and a Markdown artifact, and records the model call", async () => {
    const { user } = await makeUser("user");
    ollama.script({ text: "Paris is the capital of France.", usage: { input: 12, output: 7 } });
    const task = await start(user.id, { prompt: "What is the capital of France?", modelId: "ollama:llama3.2:latest" });
    const done = await until("the run to finish", finished(task.id));
    expect(done).toMatchObject({ status: "succeeded", progress: 100, progressMessage: "Answer saved" });
    expect(JSON.parse(done.output!)).toMatchObject({
      answer: "Paris is the capital of France.",
      model: "ollama:llama3.2:latest",
      usage: { input: 12, output: 7 },
    });
    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ["load-agent", "succeeded"],
      ["ask-model", "succeeded"],
      ["save-answer", "succeeded"],
    ]);
    expect(done.artifacts.map((a) => [a.name, a.mime])).toEqual([["answer.md", "text/markdown"]]);
    const markdown = await readFile(path.join(artifactsRoot(), done.artifacts[0]!.path), "utf8");
    expect(markdown).toContain("What is the capital of France?");
    expect(markdown).toContain("Paris is the capital of France.");
    const sent = ollama.lastRequest("/api/chat")!.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.at(-1)).toMatchObject({ role: "user", content: "What is the capital of France?" });
    const call = await db.modelCall.findFirst({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
    expect(call).toMatchObject({
      provider: "ollama",
      model: "ollama:llama3.2:latest",
      ok: true,
      inputTokens: 12,
      outputTokens: 7,
    });
  });

  it("runs an agent with its system prompt and settings", async () => {
    const { user } = await makeUser("user");
    const agent = await db.agent.create({
      data: {
        name: `Pirate ${Date.now()}`,
        role: "Talks like a pirate",
        avatar: "{}",
        systemPrompt: "Answer like a pirate.",
        modelId: "ollama:qwen3:0.6b",
        temperature: 0.2,
        ownerId: user.id,
      },
    });
    ollama.script({ text: "Arr, Paris it be." });
    const task = await start(user.id, { prompt: "Capital of France?", agentId: agent.id }, agent.id);
    const done = await until("the run to finish", finished(task.id));
    expect(done.status).toBe("succeeded");
    const sent = ollama.lastRequest("/api/chat")!.body as {
      model: string;
      messages: { role: string; content: string }[];
      options?: { temperature?: number };
    };
    expect(sent.model).toBe("qwen3:0.6b");
    expect(sent.messages[0]).toMatchObject({ role: "system", content: "Answer like a pirate." });
    expect(sent.options?.temperature).toBe(0.2);
    expect(await db.modelCall.count({ where: { agentId: agent.id, ok: true } })).toBe(1);

    ollama.script({ fault: { kind: "server-error", status: 500, message: "out of memory" } });
    const failing = await start(user.id, { prompt: "Again?", agentId: agent.id, retries: 0 }, agent.id);
    expect((await until("the failing run to end", finished(failing.id))).status).toBe("failed");
    expect(await db.agentFailure.count({ where: { agentId: agent.id } })).toBe(1);
  });

  it("an agent works with its tools; a tool that needs approval is refused in the unattended run and the model is told", async () => {
    // An admin's run: the shell is refused to anyone else's before approval is asked (tools/policy.ts).
    const { user } = await makeUser("admin");
    await applySettings({ actor: null, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE SHELL"] });
    const agent = await db.agent.create({
      data: {
        name: `Worker ${Date.now()}`,
        role: "Uses tools",
        avatar: "{}",
        systemPrompt: "Use tools.",
        modelId: "ollama:qwen3:0.6b",
        tools: JSON.stringify(["files_list", "shell"]),
        maxTurns: 4,
        ownerId: user.id,
      },
    });
    ollama.script(
      {
        toolCalls: [
          { id: "run_list", name: "files_list", arguments: { path: "." } },
          { id: "run_shell", name: "shell", arguments: { command: "echo hi" } },
        ],
      },
      { text: "Listed the files; the shell needs a person." },
    );
    const task = await start(user.id, { prompt: "List and run", agentId: agent.id }, agent.id);
    const done = await until("the run to finish", finished(task.id));
    expect(done.status).toBe("succeeded");
    expect(JSON.parse(done.output!).answer).toBe("Listed the files; the shell needs a person.");
    expect(JSON.stringify(ollama.lastRequest("/api/chat")!.body)).toContain(
      "nobody can approve it in an unattended run",
    );
    const calls = await db.toolCall.findMany({
      where: { toolCallId: { in: ["run_list", "run_shell"] } },
      orderBy: { tool: "asc" },
    });
    expect(calls.map((c) => [c.tool, c.status, c.runId])).toEqual([
      ["files_list", "ok", task.id],
      ["shell", "denied", task.id],
    ]);
    await applySettings({ actor: null, changes: { tools: { shellEnabled: false } } });
  });

  it("waits until a given time (shown as waiting with the time), then runs", async () => {
    const { user } = await makeUser("user");
    ollama.script({ text: "Later answer." });
    const at = new Date(Date.now() + 1_500);
    const task = await start(user.id, { prompt: "Later", modelId: "ollama:llama3.2:latest", runAt: at.toISOString() });
    const waiting = await until("the run to wait", () =>
      db.task.findFirst({ where: { id: task.id, status: "waiting" } }),
    );
    expect(waiting.progressMessage).toMatch(/^Starts at .* UTC$/);
    expect(await db.modelCall.count({ where: { userId: user.id } })).toBe(0);
    const done = await until("the run to finish", finished(task.id));
    expect(done.status).toBe("succeeded");
    expect(done.steps.find((s) => s.name === "wait-until-start")).toMatchObject({ type: "sleep", status: "succeeded" });
    const asked = done.steps.find((s) => s.name === "ask-model")!;
    expect(asked.startedAt.getTime()).toBeGreaterThanOrEqual(at.getTime() - 5);
  });

  it("fails with a clear error when the model cannot answer, and for an unknown agent", async () => {
    const { user } = await makeUser("user");
    const task = await start(user.id, { prompt: "Hi", modelId: "ollama:no-such-model" });
    const done = await until("the run to fail", finished(task.id), 30_000);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/no-such-model/);
    const ghost = await start(user.id, { prompt: "Hi", agentId: "no-such-agent" });
    const failed = await until("the run to fail", finished(ghost.id));
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error).toContain("no longer exists");
  });

  it("applies a job's retries as steps of their own and its timeout to the model call", async () => {
    const { user } = await makeUser("user");
    ollama.script({ fault: { kind: "server-error", status: 500, message: "model crashed" } });
    ollama.script({ text: "Second time lucky." });
    const retried = await start(user.id, { prompt: "Try again", modelId: "ollama:llama3.2:latest", retries: 1 });
    const ok = await until("the retried run to finish", finished(retried.id), 30_000);
    expect(ok.status).toBe("succeeded");
    expect(ok.steps.map((s) => [s.name, s.status])).toEqual([
      ["load-agent", "succeeded"],
      ["ask-model", "failed"],
      ["wait before retry 1", "succeeded"],
      ["ask-model (retry 1)", "succeeded"],
      ["save-answer", "succeeded"],
    ]);

    ollama.script({ text: "Too late.", fault: { kind: "slow-first-token", delayMs: 4_000 } });
    const slow = await start(user.id, {
      prompt: "Hurry",
      modelId: "ollama:llama3.2:latest",
      retries: 0,
      timeoutSeconds: 1,
    });
    const failed = await until("the slow run to fail", finished(slow.id), 20_000);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/within the job's timeout of 1 s/);
  }, 60_000);
});
