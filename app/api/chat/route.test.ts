import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUIMessageStream } from "ai";
import { POST } from "@/app/api/chat/route";
import { settleTurn } from "@/components/chat/merge-tail";
import { sseChunkStream } from "@/components/chat/sse-chunks";
import type { ChatUIMessage } from "@/server/chat/messages";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";
import type { FakeServer } from "@/tests/support/fake-provider";
import { startOpenAIServer } from "@/tests/support/openai-server";

let ollama: FakeOllamaServer;
let openai: FakeServer;
let user: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ollama = await startOllamaServer();
  openai = await startOpenAIServer();
  await applySettings({
    actor: null,
    changes: {
      providers: {
        ollamaUrl: ollama.url,
        openaiCompatible: [{ id: "lab", name: "Lab server", baseUrl: `${openai.url}/v1`, enabled: true }],
      },
    },
  });
  user = await makeUser();
});
afterAll(async () => {
  await ollama.close();
  await openai.close();
});

function post(body: unknown, init: { headers?: Headers; signal?: AbortSignal } = {}) {
  const headers = new Headers(init.headers ?? user.headers);
  headers.set("content-type", "application/json");
  return POST(
    new Request("http://localhost/api/chat", {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: init.signal,
    }),
  );
}

interface Chunk {
  type: string;
  delta?: string;
  errorText?: string;
  messageId?: string;
  messageMetadata?: unknown;
}

/** The id the streamed answer carries (the stream's start chunk). */
const streamedId = (chunks: Chunk[]) => chunks.find((c) => c.type === "start")?.messageId;

/** Reads the UI message stream (SSE of JSON chunks) as it arrives. */
async function readChunks(res: Response, onChunk?: (chunk: Chunk, all: Chunk[]) => void): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      for (let at = buffer.indexOf("\n\n"); at >= 0; at = buffer.indexOf("\n\n")) {
        const frame = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const data = frame.replace(/^data: /, "");
        if (data === "[DONE]") continue;
        const chunk = JSON.parse(data) as Chunk;
        chunks.push(chunk);
        onChunk?.(chunk, chunks);
      }
    }
  } catch (err) {
    if ((err as Error).name !== "AbortError") throw err;
  }
  return chunks;
}

/** The answer as the page builds it from the stream (its transport's parser, then the AI SDK's reader). */
async function pageAnswer(res: Response): Promise<ChatUIMessage> {
  let last: ChatUIMessage | undefined;
  for await (const m of readUIMessageStream<ChatUIMessage>({ stream: res.body!.pipeThrough(sseChunkStream()) }))
    last = m;
  return last!;
}

const deltas = (chunks: Chunk[]) =>
  chunks
    .filter((c) => c.type === "text-delta")
    .map((c) => c.delta)
    .join("");

async function newSession(modelId?: string) {
  return user.caller.chat.create(modelId ? { modelId } : undefined);
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

describe("chat.models (the model picker)", () => {
  it("lists the configured providers' models and the default model", async () => {
    const { models, defaultModelId, problems } = await user.caller.chat.models();
    expect(models.map((m) => m.id)).toEqual(
      expect.arrayContaining(["ollama:llama3.2:latest", "ollama:qwen3:0.6b", "compat:lab:openai/gpt-4o-mini"]),
    );
    expect(problems).toEqual([]);
    expect(defaultModelId).toBe(models[0]!.id);
  });
});

describe("POST /api/chat", () => {
  it("streams an Ollama answer and saves the prompt, the answer and a ModelCall", async () => {
    const session = await newSession("ollama:llama3.2");
    // Slower than the server merges deltas (server/chat/coalesce-stream.ts), so the answer arrives in several.
    ollama.script({
      thinking: "Consider foxes.",
      text: "Foxes are **quick**.",
      usage: { input: 7, output: 5 },
      tokensPerSecond: 10,
    });
    const res = await post({ sessionId: session.id, text: "Tell me about foxes" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await readChunks(res);
    expect(deltas(chunks)).toBe("Foxes are **quick**.");
    expect(chunks.filter((c) => c.type === "text-delta").length).toBeGreaterThan(2);
    expect(chunks.some((c) => c.type === "reasoning-delta")).toBe(true);

    const sent = ollama.lastRequest("/api/chat")!.body as {
      model: string;
      messages: { role: string; content: string }[];
    };
    expect(sent.model).toBe("llama3.2");
    expect(sent.messages).toEqual([{ role: "user", content: "Tell me about foxes" }]);

    const { messages } = await until(async () => {
      const got = await user.caller.chat.get({ id: session.id });
      return got.messages.length === 2 ? got : null;
    });
    expect(messages[0]).toMatchObject({ role: "user", parts: [{ type: "text", text: "Tell me about foxes" }] });
    expect(messages[1]).toMatchObject({
      role: "assistant",
      parts: [
        { type: "reasoning", text: "Consider foxes." },
        { type: "text", text: "Foxes are **quick**." },
      ],
      metadata: {
        status: "done",
        model: "ollama:llama3.2",
        parentId: messages[0]!.id,
        inputTokens: 7,
        outputTokens: 5,
      },
    });
    expect(messages[1]!.metadata!.latencyMs).toBeGreaterThan(0);
    // One id per message: the answer streamed under its saved row's id, and its last chunk brought
    // the saved row's figures, so the page has the saved answer without reading it back.
    expect(streamedId(chunks)).toBe(messages[1]!.id);
    expect(chunks.at(-1)).toEqual({ type: "message-metadata", messageMetadata: messages[1]!.metadata });
    const call = await until(() => db.modelCall.findFirst({ where: { sessionId: session.id } }));
    expect(call).toMatchObject({
      provider: "ollama",
      model: "ollama:llama3.2",
      ok: true,
      inputTokens: 7,
      outputTokens: 5,
      messageId: messages[1]!.id,
      userId: user.user.id,
    });
    expect(call.ttftMs).toBeGreaterThan(0);
    expect(call.durationMs).toBeGreaterThanOrEqual(call.ttftMs!);

    // The page reads the next turn as useChat does; the thread it then shows has the saved ids.
    ollama.script({ text: "They eat mice." });
    const shown = await pageAnswer(await post({ sessionId: session.id, text: "What do they eat?" }));
    const optimistic = { id: "client-made", role: "user" as const, parts: [{ type: "text" as const, text: "?" }] };
    const settled = settleTurn([...messages, optimistic, shown]);
    const saved = (await user.caller.chat.get({ id: session.id })).messages;
    expect(settled?.map((m) => m.id)).toEqual(saved.map((m) => m.id));
    expect(settled?.at(-1)?.metadata).toEqual(saved.at(-1)!.metadata);
    const second = ollama.lastRequest("/api/chat")!.body as { messages: unknown[] };
    expect(second.messages).toEqual([
      { role: "user", content: "Tell me about foxes" },
      { role: "assistant", content: "Foxes are **quick**." },
      { role: "user", content: "What do they eat?" },
    ]);
  });

  it("streams from an OpenAI-compatible endpoint and regenerates keeping the old answer", async () => {
    const session = await newSession("compat:lab:openai/gpt-4o-mini");
    openai.script({ text: "First take.", usage: { input: 3, output: 2 } });
    expect(deltas(await readChunks(await post({ sessionId: session.id, text: "Hello" })))).toBe("First take.");
    openai.script({ text: "Second take." });
    const again = await readChunks(await post({ sessionId: session.id, trigger: "regenerate" }));
    expect(deltas(again)).toBe("Second take.");
    expect((openai.lastRequest("/v1/chat/completions")!.body as { messages: unknown[] }).messages).toEqual([
      { role: "user", content: "Hello" },
    ]);
    const { messages } = await until(async () => {
      const got = await user.caller.chat.get({ id: session.id });
      return got.messages[1]?.parts.some((p) => p.type === "text" && p.text === "Second take.") ? got : null;
    });
    expect(messages).toHaveLength(2);
    expect(messages[1]!.metadata!.alternatives!.map((a) => a.parts)).toEqual([[{ type: "text", text: "First take." }]]);
    // The new answer streamed under its own saved id, not the replaced answer's.
    expect(streamedId(again)).toBe(messages[1]!.id);
    expect(messages[1]!.metadata!.alternatives![0]!.id).not.toBe(messages[1]!.id);
    expect(await db.chatMessage.count({ where: { sessionId: session.id, role: "user" } })).toBe(1);
    expect(await db.modelCall.count({ where: { sessionId: session.id, ok: true } })).toBe(2);
  });

  it("edit and resend: the last prompt gets the new text and a new answer; the old answer stays as an alternative", async () => {
    const session = await newSession("ollama:llama3.2");
    ollama.script({ text: "About cats." }, { text: "About dogs." });
    await readChunks(await post({ sessionId: session.id, text: "Tell me about cats" }));
    const edited = await readChunks(await post({ sessionId: session.id, trigger: "edit", text: "Tell me about dogs" }));
    expect(deltas(edited)).toBe("About dogs.");
    expect((ollama.lastRequest("/api/chat")!.body as { messages: unknown[] }).messages).toEqual([
      { role: "user", content: "Tell me about dogs" },
    ]);
    const { messages } = await until(async () => {
      const got = await user.caller.chat.get({ id: session.id });
      return got.messages[1]?.parts.some((p) => p.type === "text" && p.text === "About dogs.") ? got : null;
    });
    expect(messages.map((m) => m.parts)).toEqual([
      [{ type: "text", text: "Tell me about dogs" }],
      [{ type: "text", text: "About dogs." }],
    ]);
    expect(messages[1]!.metadata!.alternatives!.map((a) => a.parts)).toEqual([[{ type: "text", text: "About cats." }]]);
    expect(streamedId(edited)).toBe(messages[1]!.id);
  });

  it("a provider that is down: the prompt is saved and the error is streamed and saved with the provider's text", async () => {
    await applySettings({ actor: null, changes: { providers: { ollamaUrl: "http://127.0.0.1:9" } } });
    try {
      const session = await newSession("ollama:llama3.2");
      const chunks = await readChunks(await post({ sessionId: session.id, text: "Are you there?" }));
      const error = chunks.find((c) => c.type === "error");
      expect(error?.errorText).toMatch(/Ollama/);
      expect(error?.errorText).toMatch(/127\.0\.0\.1:9/);
      const { messages } = await until(async () => {
        const got = await user.caller.chat.get({ id: session.id });
        return got.messages.length === 2 ? got : null;
      });
      expect(messages[0]).toMatchObject({ role: "user", parts: [{ type: "text", text: "Are you there?" }] });
      expect(messages[1]).toMatchObject({ role: "system", metadata: { status: "error", error: error!.errorText } });
      expect(await until(() => db.modelCall.findFirst({ where: { sessionId: session.id } }))).toMatchObject({
        ok: false,
        error: error!.errorText,
      });
    } finally {
      await applySettings({ actor: null, changes: { providers: { ollamaUrl: ollama.url } } });
    }
  });

  it("a provider error mid-answer (500) is explained and saved", async () => {
    const session = await newSession("ollama:llama3.2");
    ollama.script({ fault: { kind: "server-error", status: 500, message: "llama runner process has terminated" } });
    const chunks = await readChunks(await post({ sessionId: session.id, text: "Crash please" }));
    expect(chunks.find((c) => c.type === "error")?.errorText).toMatch(/llama runner process has terminated/);
    const saved = await until(() => db.chatMessage.findFirst({ where: { sessionId: session.id, role: "system" } }));
    expect(saved.text).toMatch(/llama runner/);
  });

  it("Stop: aborting the request closes the provider's connection and keeps the partial answer", async () => {
    const session = await newSession("ollama:llama3.2");
    ollama.script({ text: "word ".repeat(400), tokensPerSecond: 100 });
    const controller = new AbortController();
    const res = await post({ sessionId: session.id, text: "Go on and on" }, { signal: controller.signal });
    const chunks = await readChunks(res, (_c, all) => {
      if (all.filter((c) => c.type === "text-delta").length === 3) controller.abort();
    });
    expect(chunks.filter((c) => c.type === "text-delta").length).toBeLessThan(20);
    const upstream = ollama.lastRequest("/api/chat")!;
    expect(await upstream.ended).toBe("client-closed");
    const answer = await until(() => db.chatMessage.findFirst({ where: { sessionId: session.id, role: "assistant" } }));
    expect(answer.status).toBe("stopped");
    expect(answer.text.startsWith("word word")).toBe(true);
    // The partial answer is saved under the id the page showed it with.
    expect(answer.id).toBe(streamedId(chunks));
  });

  it("refuses: anonymous 401, another user's session 404, bad input 400", async () => {
    const session = await newSession();
    expect((await post({ sessionId: session.id, text: "hi" }, { headers: new Headers() })).status).toBe(401);
    const other = await makeUser();
    const res = await post({ sessionId: session.id, text: "hi" }, { headers: other.headers });
    expect(res.status).toBe(404);
    expect(await db.chatMessage.count({ where: { sessionId: session.id } })).toBe(0);
    const empty = await post({ sessionId: session.id, text: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { message: "Type a message first." } });
    expect((await post({ sessionId: session.id, trigger: "regenerate" })).status).toBe(400);
  });
});

describe("POST /api/chat with provider faults: the prompt is never lost", () => {
  it.each([
    ["a mid-stream disconnect", { kind: "disconnect", afterTokens: 3 } as const, /./],
    ["a 429 with Retry-After", { kind: "rate-limit", retryAfterSeconds: 7 } as const, /7/],
  ])("%s: the error is streamed, saved as a system message, and the prompt stays", async (_name, fault, expected) => {
    const session = await newSession("ollama:llama3.2");
    ollama.script({ text: "one two three four five six seven", fault });
    const chunks = await readChunks(await post({ sessionId: session.id, text: "Fault please" }));
    const error = chunks.find((c) => c.type === "error");
    expect(error?.errorText).toMatch(expected);
    const notice = await until(() => db.chatMessage.findFirst({ where: { sessionId: session.id, role: "system" } }));
    expect(notice).toMatchObject({ status: "error", text: error!.errorText });
    expect(await db.chatMessage.findFirst({ where: { sessionId: session.id, role: "user" } })).toMatchObject({
      text: "Fault please",
    });
    expect(await until(() => db.modelCall.findFirst({ where: { sessionId: session.id } }))).toMatchObject({
      ok: false,
    });
  });

  it("a malformed chunk is skipped by the provider: the answer completes and is saved", async () => {
    const session = await newSession("ollama:llama3.2");
    ollama.script({ text: "one two three four five", fault: { kind: "malformed-chunk", afterTokens: 2 } });
    const chunks = await readChunks(await post({ sessionId: session.id, text: "Garble please" }));
    expect(deltas(chunks)).toBe("one two three four five");
    const answer = await until(() => db.chatMessage.findFirst({ where: { sessionId: session.id, role: "assistant" } }));
    expect(answer).toMatchObject({ status: "done", text: "one two three four five" });
  });
});
