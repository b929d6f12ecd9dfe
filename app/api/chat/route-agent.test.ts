import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/chat/route";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let ollama: FakeOllamaServer;
let user: Awaited<ReturnType<typeof makeUser>>;
let other: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ollama = await startOllamaServer();
  await applySettings({ actor: null, changes: { providers: { ollamaUrl: ollama.url } } });
  user = await makeUser();
  other = await makeUser();
});
afterAll(() => ollama.close());

function post(body: unknown) {
  const headers = new Headers(user.headers);
  headers.set("content-type", "application/json");
  return POST(new Request("http://localhost/api/chat", { method: "POST", headers, body: JSON.stringify(body) }));
}

const agentInput = (name: string) => ({
  name,
  role: "Answers about foxes",
  systemPrompt: "You are Reynard. Answer in one sentence.",
  modelId: "ollama:qwen3:0.6b",
  temperature: 0.2,
  maxTokens: 64,
});

describe("a chat with an agent", () => {
  it("answers with the agent's system prompt, model and limits, and records the agent on the ModelCall", async () => {
    const agent = await user.caller.agents.create(agentInput("Reynard"));
    const session = await user.caller.chat.create({ agentId: agent.id });
    ollama.script({ text: "Foxes are clever." });
    const res = await post({ sessionId: session.id, text: "Tell me about foxes" });
    expect(res.status).toBe(200);
    await res.text();

    const sent = ollama.lastRequest("/api/chat")!.body as {
      model: string;
      messages: { role: string; content: string }[];
      options?: Record<string, unknown>;
    };
    expect(sent.model).toBe("qwen3:0.6b");
    expect(sent.messages[0]).toEqual({ role: "system", content: "You are Reynard. Answer in one sentence." });
    expect(sent.options).toMatchObject({ temperature: 0.2, num_predict: 64 });
    const call = await db.modelCall.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(call.agentId).toBe(agent.id);
  });

  it("refuses to answer as a paused agent and keeps nothing half-saved", async () => {
    const agent = await user.caller.agents.create(agentInput("Sleepy"));
    const session = await user.caller.chat.create({ agentId: agent.id });
    await user.caller.agents.pause({ id: agent.id });
    const res = await post({ sessionId: session.id, text: "Are you there?" });
    expect(res.status).toBe(412);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Sleepy.*paused/);
    expect(await db.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("cannot attach another user's private agent to a chat", async () => {
    const mine = await user.caller.agents.create(agentInput("Private fox"));
    const theirs = await other.caller.chat.create();
    await expect(other.caller.chat.setAgent({ id: theirs.id, agentId: mine.id })).rejects.toThrow(
      /no longer exists or is not shared/,
    );
    await expect(other.caller.chat.create({ agentId: mine.id })).rejects.toThrow(/not shared/);
    await other.caller.chat.setAgent({ id: theirs.id, agentId: null });
  });
});
