import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { POST as upload } from "@/app/api/chat/attachments/route";
import { GET as download } from "@/app/api/chat/attachments/[id]/route";
import { env } from "@/server/env";
import { registerSecretValue } from "@/lib/redact";
import { db } from "@/server/db";
import { OPENROUTER_SECRET } from "@/server/ai/provider-config";
import { setSecret } from "@/server/secrets/vault";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";
import type { FakeServer } from "@/tests/support/fake-provider";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";
import { startOpenAIServer } from "@/tests/support/openai-server";
import { makePdf } from "@/tests/support/pdf-fixture";

let ollama: FakeOllamaServer;
let openrouter: FakeServer;
let user: Awaited<ReturnType<typeof makeUser>>;
const OR_KEY = "sk-or-chat-test-key-98765";

beforeAll(async () => {
  ollama = await startOllamaServer();
  openrouter = await startOpenAIServer({ flavor: "openrouter", apiKey: OR_KEY });
  await setSecret({ actor: null, name: OPENROUTER_SECRET, value: OR_KEY });
  await applySettings({
    actor: null,
    changes: { providers: { ollamaUrl: ollama.url, openrouterBaseUrl: `${openrouter.url}/v1` } },
  });
  user = await makeUser();
});
afterAll(async () => {
  await ollama.close();
  await openrouter.close();
});

type Info = { id: string; name: string; kind: string; size: number };

function send(
  sessionId: string,
  name: string,
  data: Uint8Array | string,
  type = "application/octet-stream",
  headers: Headers = user.headers,
) {
  const all = new Headers(headers);
  all.set("content-type", type);
  const body = typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data);
  const url = `http://localhost/api/chat/attachments?sessionId=${encodeURIComponent(sessionId)}&name=${encodeURIComponent(name)}`;
  return upload(new Request(url, { method: "POST", headers: all, body }));
}

async function attach(sessionId: string, name: string, data: Uint8Array | string, type?: string): Promise<Info> {
  const res = await send(sessionId, name, data, type);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Info;
}

function chat(body: unknown, headers: Headers = user.headers) {
  const all = new Headers(headers);
  all.set("content-type", "application/json");
  return chatPost(
    new Request("http://localhost/api/chat", { method: "POST", headers: all, body: JSON.stringify(body) }),
  );
}

/** Sends a prompt and waits until its answer (or error) is saved. */
async function turn(body: { sessionId: string } & Record<string, unknown>) {
  const res = await chat(body);
  await res.text();
  return res;
}

async function until<T>(fn: () => Promise<T | null | undefined>, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const lastChatBody = () =>
  ollama.lastRequest("/api/chat")!.body as { messages: { role: string; content: string; images?: string[] }[] };

describe("attachments", () => {
  it("a text file and a PDF are stored per user, extracted, and their text reaches the model with the prompt", async () => {
    const session = await user.caller.chat.create({ modelId: "ollama:llama3.2" });
    const notes = await attach(session.id, "notes.md", "# Plan\nShip the chat inspector on Friday.", "text/markdown");
    const pdf = await attach(session.id, "report.pdf", makePdf(["Revenue grew 12 percent"]), "application/pdf");
    expect(notes).toMatchObject({ name: "notes.md", kind: "text" });
    const row = await db.chatAttachment.findUniqueOrThrow({ where: { id: notes.id } });
    expect(row.path.startsWith(`${user.user.id}${path.sep}`)).toBe(true);
    expect(existsSync(path.join(env.DATA_DIR, "uploads", row.path))).toBe(true);
    expect((await user.caller.chat.get({ id: session.id })).pendingAttachments.map((a) => a.id)).toEqual([
      notes.id,
      pdf.id,
    ]);

    ollama.script({ text: "Noted." });
    await turn({ sessionId: session.id, text: "Summarise these", attachmentIds: [notes.id, pdf.id] });
    const prompt = lastChatBody().messages.at(-1)!;
    expect(prompt.content).toContain("Summarise these");
    expect(prompt.content).toContain(
      '<attachment name="notes.md">\n# Plan\nShip the chat inspector on Friday.\n</attachment>',
    );
    expect(prompt.content).toContain("Revenue grew 12 percent");

    const got = await user.caller.chat.get({ id: session.id });
    expect(got.pendingAttachments).toEqual([]);
    expect(got.messages[0]!.metadata!.attachments!.map((a) => a.name)).toEqual(["notes.md", "report.pdf"]);

    const file = await download(
      new Request(`http://localhost/api/chat/attachments/${notes.id}`, { headers: user.headers }),
      { params: Promise.resolve({ id: notes.id }) },
    );
    expect(await file.text()).toContain("Ship the chat inspector");
    const other = await makeUser();
    const denied = await download(
      new Request(`http://localhost/api/chat/attachments/${notes.id}`, { headers: other.headers }),
      { params: Promise.resolve({ id: notes.id }) },
    );
    expect(denied.status).toBe(404);
    await expect(user.caller.chat.removeAttachment({ id: notes.id })).rejects.toThrow(/part of a sent message/);
  });

  it("refuses too large, unsupported, corrupt and image-only files, and another user's session, storing nothing", async () => {
    const session = await user.caller.chat.create();
    await applySettings({ actor: null, changes: { system: { maxUploadMb: 1 } } });
    try {
      const big = await send(session.id, "big.txt", "x".repeat(1024 * 1024 + 10), "text/plain");
      expect(big.status).toBe(413);
    } finally {
      await applySettings({ actor: null, changes: { system: { maxUploadMb: 50 } } });
    }
    const exe = await send(session.id, "tool.exe", "MZ", "application/x-msdownload");
    expect(exe.status).toBe(400);
    expect(((await exe.json()) as { error: { message: string } }).error.message).toMatch(/cannot be attached/);
    const corrupt = await send(session.id, "broken.pdf", "%PDF-1.7 garbage", "application/pdf");
    expect(((await corrupt.json()) as { error: { message: string } }).error.message).toMatch(/not a readable PDF/);
    const scanned = await send(session.id, "scan.pdf", makePdf([""]), "application/pdf");
    expect(((await scanned.json()) as { error: { message: string } }).error.message).toMatch(/no text layer/);
    const other = await makeUser();
    expect((await send(session.id, "a.txt", "hi", "text/plain", other.headers)).status).toBe(404);
    expect((await send(session.id, "", "hi", "text/plain")).status).toBe(400);
    expect(await db.chatAttachment.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("an image goes only to a vision model: otherwise 400 before anything is saved, and the file stays pending", async () => {
    const session = await user.caller.chat.create({ modelId: "ollama:llama3.2" });
    const png = await attach(session.id, "chart.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), "image/png");
    const before = ollama.requests.filter((r) => r.path === "/api/chat").length;
    const refused = await chat({ sessionId: session.id, text: "What is in this chart?", attachmentIds: [png.id] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /ollama:llama3.2 cannot see images\. Pick a vision model/,
    );
    expect(await db.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
    expect(ollama.requests.filter((r) => r.path === "/api/chat").length).toBe(before);
    expect((await user.caller.chat.get({ id: session.id })).pendingAttachments.map((a) => a.id)).toEqual([png.id]);

    ollama.script({ text: "A bar chart." });
    await turn({
      sessionId: session.id,
      text: "What is in this chart?",
      attachmentIds: [png.id],
      modelId: "ollama:llava:7b",
    });
    const prompt = lastChatBody().messages.at(-1)!;
    expect(prompt.images).toEqual([Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString("base64")]);
  });

  it("a file removed from the composer is deleted with its stored copy", async () => {
    const session = await user.caller.chat.create();
    const info = await attach(session.id, "drop.txt", "bye", "text/plain");
    const row = await db.chatAttachment.findUniqueOrThrow({ where: { id: info.id } });
    const other = await makeUser();
    await expect(other.caller.chat.removeAttachment({ id: info.id })).rejects.toThrow(/not found/);
    await user.caller.chat.removeAttachment({ id: info.id });
    expect(existsSync(path.join(env.DATA_DIR, "uploads", row.path))).toBe(false);
  });
});

describe("inspector and context meter", () => {
  it("records the request (messages and the provider's body) and the raw response, redacted, for the owner only", async () => {
    const secret = "hunter2-very-secret-value";
    registerSecretValue(secret);
    const session = await user.caller.chat.create({ modelId: "ollama:qwen3:0.6b" });
    const before = await user.caller.chat.context({ sessionId: session.id });
    // The model could take 40,960 tokens, but Ollama runs it with the window the app asks for (num_ctx, 4,096 by default).
    expect(before).toMatchObject({ estimated: true, usedTokens: 0, contextLength: 4096 });

    ollama.script({ thinking: "Hmm.", text: "Done.", usage: { input: 11, output: 3 } });
    await turn({ sessionId: session.id, text: `My password is ${secret}, remember it` });
    const calls = await until(async () => {
      const list = await user.caller.chat.inspect({ sessionId: session.id });
      return list.length ? list : null;
    });
    const call = calls[0]!;
    const request = call.request as {
      model: string;
      messages: { role: string; content: string }[];
      providerBody: { model: string; messages: unknown[] };
    };
    expect(request.model).toBe("ollama:qwen3:0.6b");
    expect(request.messages[0]!.content).toBe("My password is [REDACTED], remember it");
    expect(request.providerBody.model).toBe("qwen3:0.6b");
    expect(call.response).toMatchObject({
      status: "done",
      text: "Done.",
      reasoning: "Hmm.",
      finishReason: "stop",
      usage: { inputTokens: 11, outputTokens: 3 },
    });
    const raw = await db.modelCall.findUniqueOrThrow({ where: { id: call.id } });
    expect(raw.request).not.toContain(secret);

    const messages = (await user.caller.chat.get({ id: session.id })).messages;
    expect(
      (await user.caller.chat.inspect({ sessionId: session.id, messageId: messages[1]!.id })).map((c) => c.id),
    ).toEqual([call.id]);
    const other = await makeUser();
    await expect(other.caller.chat.inspect({ sessionId: session.id })).rejects.toThrow(/not found/);
    expect(await user.caller.chat.context({ sessionId: session.id })).toMatchObject({
      estimated: false,
      usedTokens: 14,
      contextLength: 4096,
    });
  });

  it("an OpenRouter answer shows its cost and the agent id reaches the ModelCall", async () => {
    const agent = await user.caller.agents.create({
      name: `Bookkeeper ${Date.now()}`,
      role: "Counts costs",
      systemPrompt: "Be brief.",
    });
    const session = await user.caller.chat.create({ modelId: "openrouter:openai/gpt-4o-mini", agentId: agent.id });
    expect((await user.caller.chat.get({ id: session.id })).session.agentId).toBe(agent.id);
    openrouter.script({ text: "Cheap answer.", usage: { input: 20, output: 7 }, cost: 0.00042 });
    await turn({ sessionId: session.id, text: "How much?" });
    const answer = await until(() => db.chatMessage.findFirst({ where: { sessionId: session.id, role: "assistant" } }));
    expect(answer.costUsd).toBe(0.00042);
    expect(await db.modelCall.findFirst({ where: { sessionId: session.id } })).toMatchObject({
      costUsd: 0.00042,
      agentId: agent.id,
    });
    const copy = await user.caller.chat.duplicate({ id: session.id });
    expect(copy.agentId).toBe(agent.id);
    expect((await user.caller.chat.context({ sessionId: session.id })).contextLength).toBe(128000);
  });
});
