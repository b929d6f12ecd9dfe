import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/chat/route";
import type { ChatUIMessage } from "@/server/chat/messages";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";
import type { FakeServer } from "@/tests/support/fake-provider";
import { startOpenAIServer } from "@/tests/support/openai-server";

const actor = { id: "admin", email: "admin@example.test" };
let ollama: FakeOllamaServer;
let openai: FakeServer;
let user: Awaited<ReturnType<typeof makeUser>>;

const providers = () => ({
  ollamaUrl: ollama.url,
  openaiCompatible: [{ id: "lab", name: "Lab server", baseUrl: `${openai.url}/v1`, enabled: true }],
});

beforeAll(async () => {
  ollama = await startOllamaServer();
  openai = await startOpenAIServer();
  // The approval tests call the shell, which only admins' runs may use.
  user = await makeUser("admin");
});
beforeEach(async () => {
  await db.setting.deleteMany();
  await applySettings({ actor, changes: { providers: providers() } });
});
afterAll(async () => {
  await ollama.close();
  await openai.close();
});

async function post(body: unknown) {
  const headers = new Headers(user.headers);
  headers.set("content-type", "application/json");
  const res = await POST(
    new Request("http://localhost/api/chat", { method: "POST", headers, body: JSON.stringify(body) }),
  );
  return { status: res.status, body: await res.text() };
}

async function chatWith(tools: string[], options: { modelId?: string; maxTurns?: number; tokenBudget?: number } = {}) {
  const agent = await user.caller.agents.create({
    name: `Tooler ${Math.random().toString(36).slice(2, 8)}`,
    role: "Uses tools",
    systemPrompt: "Use your tools.",
    modelId: options.modelId ?? "ollama:qwen3:0.6b",
    tools,
    maxTurns: options.maxTurns ?? 4,
    tokenBudget: options.tokenBudget ?? null,
  });
  const session = await user.caller.chat.create({ agentId: agent.id });
  return { agent, session };
}

async function answerOf(sessionId: string): Promise<ChatUIMessage> {
  const { messages } = await user.caller.chat.get({ id: sessionId });
  return messages.findLast((m) => m.role === "assistant")!;
}

const toolParts = (m: ChatUIMessage) =>
  m.parts.filter((p) => p.type.startsWith("tool-")) as unknown as {
    type: string;
    state: string;
    output?: unknown;
    errorText?: string;
    approval?: { id: string };
  }[];

/** What the model was sent in its latest request, as text: tool results and refusals included. */
const lastSent = (server: { lastRequest(path?: string): { body: unknown } | undefined }, path: string) =>
  JSON.stringify(server.lastRequest(path)!.body);

describe("tools in a chat turn", () => {
  it("runs the tool loop end to end: the call, its result back to the model, the answer saved with its tool part and a linked ToolCall row", async () => {
    const { session, agent } = await chatWith(["files_list", "files_read"]);
    ollama.script(
      { toolCalls: [{ id: "call_list", name: "files_list", arguments: { path: "." } }] },
      { text: "The workspace is listed." },
    );
    const res = await post({ sessionId: session.id, text: "What is in my workspace?" });
    expect(res.status).toBe(200);

    const first = ollama.requests.filter((r) => r.path === "/api/chat").at(-2)!.body as {
      tools?: { function: { name: string } }[];
    };
    expect(first.tools?.map((t) => t.function.name).sort()).toEqual(["files_list", "files_read"]);
    expect(lastSent(ollama, "/api/chat")).toContain('"role":"tool"');

    const answer = await answerOf(session.id);
    expect(toolParts(answer)).toEqual([
      expect.objectContaining({ type: "tool-files_list", state: "output-available" }),
    ]);
    expect(answer.parts.some((p) => p.type === "text" && p.text === "The workspace is listed.")).toBe(true);
    const row = await db.toolCall.findFirstOrThrow({ where: { toolCallId: "call_list" } });
    expect(row).toMatchObject({
      tool: "files_list",
      status: "ok",
      sessionId: session.id,
      messageId: answer.id,
      agentId: agent.id,
    });
    const call = await db.modelCall.findFirstOrThrow({
      where: { sessionId: session.id },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(call.request!).tools).toEqual(["files_list", "files_read"]);

    // The next turn sends the saved tool call and its result back to the model.
    ollama.script({ text: "Still listed." });
    await post({ sessionId: session.id, text: "And now?" });
    const history = lastSent(ollama, "/api/chat");
    expect(history).toContain("files_list");
    expect(history).toContain('"role":"tool"');
  });

  it("offers tools only to models that support them, unless a setting says so", async () => {
    const { session } = await chatWith(["files_list"], { modelId: "ollama:llava:7b" });
    ollama.script({ text: "No tools here." });
    await post({ sessionId: session.id, text: "List files" });
    expect((ollama.lastRequest("/api/chat")!.body as { tools?: unknown[] }).tools ?? []).toHaveLength(0);
    const call = await db.modelCall.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(JSON.parse(call.request!).toolsWithheld).toMatch(/does not report tool support/);

    await applySettings({ actor, changes: { tools: { toolModels: "ollama:llava:7b" } } });
    ollama.script({ text: "Now with tools." });
    await post({ sessionId: session.id, text: "List files" });
    expect((ollama.lastRequest("/api/chat")!.body as { tools?: unknown[] }).tools).toHaveLength(1);
  });

  it("every denial reaches the model as a refusal it can read, and is recorded", async () => {
    await applySettings({ actor, changes: { security: { safeMode: true } } });
    const { session } = await chatWith(["files_list", "code_run"]);
    ollama.script(
      {
        toolCalls: [
          { id: "call_deny_list", name: "web_fetch", arguments: { url: "http://example.com" } },
          { id: "call_deny_safe", name: "code_run", arguments: { code: "1+1" } },
          { id: "call_deny_none", name: "teleport", arguments: {} },
        ],
      },
      { text: "I could not use those." },
    );
    await post({ sessionId: session.id, text: "Fetch, run and teleport" });
    const sent = lastSent(ollama, "/api/chat");
    expect(sent).toContain("not on this agent's allow-list");
    expect(sent).toContain("Safe Mode is on");
    expect(sent).toContain('There is no tool named \\"teleport\\"');
    const rows = await db.toolCall.findMany({
      where: { toolCallId: { in: ["call_deny_list", "call_deny_safe", "call_deny_none"] } },
    });
    expect(rows.map((r) => r.status)).toEqual(["denied", "denied", "denied"]);
    // Safe Mode removed code_run from what is offered, not just from what runs.
    const offered = (
      ollama.requests.filter((r) => r.path === "/api/chat").at(-2)!.body as { tools?: { function: { name: string } }[] }
    ).tools!.map((t) => t.function.name);
    expect(offered).toEqual(["files_list"]);
  });

  it("stops at max turns with a visible notice (a small model must not loop forever)", async () => {
    const { session } = await chatWith(["files_list"], { maxTurns: 2 });
    const loop = (id: string) => ({ toolCalls: [{ id, name: "files_list", arguments: { path: "." } }] });
    ollama.script(loop("call_loop_1"), loop("call_loop_2"), loop("call_loop_3"));
    const before = ollama.requests.length;
    await post({ sessionId: session.id, text: "Loop" });
    expect(ollama.requests.slice(before).filter((r) => r.path === "/api/chat")).toHaveLength(2);
    // The third scripted call was never asked for.
    expect(ollama.nextReply()).toMatchObject({ toolCalls: [{ id: "call_loop_3" }] });
    const answer = await answerOf(session.id);
    expect(answer.parts).toContainEqual({
      type: "data-notice",
      data: { text: "Stopped after 2 turns, the most this agent may take in one run." },
    });
  });

  it("stops when the run's tokens reach the agent's budget, with a visible notice", async () => {
    const { session } = await chatWith(["files_list"], { maxTurns: 10, tokenBudget: 100 });
    ollama.script(
      {
        toolCalls: [{ id: "call_budget", name: "files_list", arguments: { path: "." } }],
        usage: { input: 80, output: 40 },
      },
      { text: "never asked" },
    );
    await post({ sessionId: session.id, text: "Spend" });
    expect(ollama.nextReply()).toMatchObject({ text: "never asked" });
    const answer = await answerOf(session.id);
    expect(answer.parts).toContainEqual({
      type: "data-notice",
      data: { text: "Stopped: the run used 120 tokens, over this agent's budget of 100." },
    });
  });

  it("repairs malformed tool-call JSON, and answers unrepairable JSON with a precise error the model can retry on", async () => {
    const { session } = await chatWith(["files_list"], { modelId: "compat:lab:openai/gpt-4o-mini" });
    openai.script(
      { toolCalls: [{ id: "call_fixed", name: "files_list", arguments: "```json\n{'path': '.',}\n```" }] },
      { toolCalls: [{ id: "call_broken", name: "files_list", arguments: "list the files please" }] },
      { text: "Done." },
    );
    await post({ sessionId: session.id, text: "List" });
    expect(await db.toolCall.findFirstOrThrow({ where: { toolCallId: "call_fixed" } })).toMatchObject({ status: "ok" });
    expect(await db.toolCall.findFirstOrThrow({ where: { toolCallId: "call_broken" } })).toMatchObject({
      status: "error",
    });
    expect(lastSent(openai, "/v1/chat/completions")).toContain("are not valid JSON");
    const parts = toolParts(await answerOf(session.id));
    expect(parts.map((p) => p.state)).toEqual(["output-available", "output-error"]);
  });
});

describe("approval", () => {
  beforeEach(async () => {
    await applySettings({ actor, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE SHELL"] });
  });

  async function waitForApproval(callId: string) {
    const { session } = await chatWith(["shell"]);
    ollama.script({ toolCalls: [{ id: callId, name: "shell", arguments: { command: "echo approved-run" } }] });
    const before = ollama.requests.length;
    const first = await post({ sessionId: session.id, text: "Run echo" });
    // The run pauses: one model call, the call waits, nothing ran.
    expect(ollama.requests.slice(before).filter((r) => r.path === "/api/chat")).toHaveLength(1);
    const answer = await answerOf(session.id);
    expect(first.body).toContain(`{"type":"start","messageId":"${answer.id}"}`);
    const waiting = toolParts(answer);
    expect(waiting).toEqual([expect.objectContaining({ type: "tool-shell", state: "approval-requested" })]);
    expect(await db.toolCall.count({ where: { toolCallId: callId } })).toBe(0);
    return { session, approvalId: waiting[0]!.approval!.id };
  }

  it("approve: a later request (as after a reload) runs the call server-side and the answer continues", async () => {
    const { session, approvalId } = await waitForApproval("call_approve");
    const paused = await answerOf(session.id);
    ollama.script({ text: "It printed approved-run." });
    const res = await post({ sessionId: session.id, trigger: "approval", approvals: [{ approvalId, approved: true }] });
    expect(res.status).toBe(200);
    // The continued answer streams under the paused answer's saved id.
    expect(res.body).toContain(`{"type":"start","messageId":"${paused.id}"}`);
    expect(lastSent(ollama, "/api/chat")).toContain("approved-run");
    const answer = await answerOf(session.id);
    expect(toolParts(answer)).toEqual([expect.objectContaining({ state: "output-available" })]);
    expect(answer.parts.some((p) => p.type === "text" && p.text.includes("It printed"))).toBe(true);
    expect(await db.toolCall.findFirstOrThrow({ where: { toolCallId: "call_approve" } })).toMatchObject({
      status: "ok",
      messageId: answer.id,
    });
    // One answer, continued: not a second message.
    expect(
      (await user.caller.chat.get({ id: session.id })).messages.filter((m) => m.role === "assistant"),
    ).toHaveLength(1);

    // Deciding again is refused: nothing waits any more.
    const again = await post({
      sessionId: session.id,
      trigger: "approval",
      approvals: [{ approvalId, approved: true }],
    });
    expect(again.status).toBe(409);
  });

  it("a run continued after an approval counts the turns it took before the pause toward max turns", async () => {
    const { session } = await chatWith(["shell", "files_list"], { maxTurns: 2 });
    ollama.script({ toolCalls: [{ id: "call_turns_shell", name: "shell", arguments: { command: "echo one" } }] });
    await post({ sessionId: session.id, text: "Run echo, then loop" });
    const approvalId = toolParts(await answerOf(session.id))[0]!.approval!.id;
    const loop = (id: string) => ({ toolCalls: [{ id, name: "files_list", arguments: { path: "." } }] });
    ollama.script(loop("call_turns_1"), loop("call_turns_2"));
    const before = ollama.requests.length;
    await post({ sessionId: session.id, trigger: "approval", approvals: [{ approvalId, approved: true }] });
    // Turn 1 was the paused one: one turn is left, not a fresh two.
    expect(ollama.requests.slice(before).filter((r) => r.path === "/api/chat")).toHaveLength(1);
    expect(ollama.nextReply()).toMatchObject({ toolCalls: [{ id: "call_turns_2" }] });
    expect((await answerOf(session.id)).parts).toContainEqual({
      type: "data-notice",
      data: { text: "Stopped after 2 turns, the most this agent may take in one run." },
    });
  });

  it("reject: the model is told and the rejection is recorded; a forged approval id is refused", async () => {
    const { session, approvalId } = await waitForApproval("call_reject");
    const forged = await post({
      sessionId: session.id,
      trigger: "approval",
      approvals: [{ approvalId: "not-a-real-id", approved: true }],
    });
    expect(forged.status).toBe(409);

    ollama.script({ text: "Understood, I will not run it." });
    await post({ sessionId: session.id, trigger: "approval", approvals: [{ approvalId, approved: false }] });
    expect(lastSent(ollama, "/api/chat")).not.toContain("approved-run\\n");
    expect(toolParts(await answerOf(session.id))).toEqual([expect.objectContaining({ state: "output-denied" })]);
    expect(await db.toolCall.findFirstOrThrow({ where: { toolCallId: "call_reject" } })).toMatchObject({
      status: "rejected",
    });
  });
});
