import { generateText, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import type { FakeOllamaServer } from "@/tests/support/ollama-server";
import { startOllamaServer } from "@/tests/support/ollama-server";
import { collect } from "@/tests/support/stream-collect";

let server: FakeOllamaServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOllamaServer();
  config = {
    ollamaUrl: server.url,
    openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null },
    endpoints: [],
    defaultModel: "",
  };
});
afterAll(() => server.close());

async function run(
  id: string,
  options: {
    abortSignal?: AbortSignal;
    tools?: Parameters<typeof streamText>[0]["tools"];
    maxOutputTokens?: number;
    temperature?: number;
  } = {},
  onDelta?: (t: string, n: number) => void,
) {
  const resolved = await resolveModel(id, config);
  const result = streamText({
    model: resolved.model,
    prompt: "Tell me something.",
    maxRetries: 0,
    onError: () => undefined,
    ...options,
  });
  const out = await collect(result.fullStream, onDelta);
  return { ...out, explained: out.errors.map((e) => explainProviderError(e, resolved.context)) };
}

describe("Ollama through ollama-ai-provider-v2 against the NDJSON test server", () => {
  it("streams text token by token with usage and the request on the wire", async () => {
    const text = "The quick brown fox jumps over the lazy dog and runs far away into the deep green forest.";
    server.script({ text, tokensPerSecond: 100, usage: { input: 12, output: 18 } });
    const out = await run("ollama:llama3.2", { maxOutputTokens: 50, temperature: 0.2 });
    expect(out.errors).toEqual([]);
    expect(out.text).toBe(text);
    expect(out.deltas.length).toBe(18);
    expect(out.finishReason).toBe("stop");
    expect(out.usage).toEqual({ inputTokens: 12, outputTokens: 18 });
    const req = server.lastRequest("/api/chat")!;
    expect(req.body).toMatchObject({
      model: "llama3.2",
      stream: true,
      messages: [{ role: "user", content: "Tell me something." }],
      options: { num_ctx: 4096, num_predict: 50, temperature: 0.2 },
    });
  });

  it("asks Ollama for the configured context window (num_ctx) on every request", async () => {
    server.script({ text: "Hi." });
    const resolved = await resolveModel("ollama:llama3.2", { ...config, ollamaContextLength: 32768 });
    expect(resolved.contextWindow).toBe(32768);
    await collect(streamText({ model: resolved.model, prompt: "Hello", maxRetries: 0 }).fullStream);
    expect(server.lastRequest("/api/chat")!.body).toMatchObject({ options: { num_ctx: 32768 } });
  });

  it("turns streamed tool calls into AI SDK tool calls", async () => {
    server.script({ toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] });
    const out = await run("ollama:llama3.2", {
      tools: { get_weather: tool({ description: "Weather for a city", inputSchema: z.object({ city: z.string() }) }) },
    });
    expect(out.toolCalls).toEqual([{ toolName: "get_weather", input: { city: "Paris" } }]);
    expect(out.finishReason).toBe("tool-calls");
    expect(
      (server.lastRequest("/api/chat")!.body as { tools: { function: { name: string } }[] }).tools[0]!.function.name,
    ).toBe("get_weather");
  });

  it("answers without streaming too (generateText), thinking and tool calls included", async () => {
    server.script({ thinking: "Hmm.", text: "Done.", toolCalls: [{ name: "note", arguments: { text: "x" } }] });
    const { model } = await resolveModel("ollama:qwen3:0.6b", config);
    const result = await generateText({
      model,
      prompt: "Go",
      maxRetries: 0,
      tools: { note: tool({ inputSchema: z.object({ text: z.string() }) }) },
    });
    expect(result.text).toBe("Done.");
    expect(result.reasoningText).toBe("Hmm.");
    expect(result.toolCalls.map((c) => [c.toolName, c.input])).toEqual([["note", { text: "x" }]]);
    expect((server.lastRequest("/api/chat")!.body as { stream?: boolean }).stream).toBe(false);
  });

  it("passes thinking through as reasoning", async () => {
    server.script({ thinking: "Let me think about foxes.", text: "Foxes are quick." });
    const out = await run("ollama:qwen3:0.6b");
    expect(out.reasoning).toBe("Let me think about foxes.");
    expect(out.text).toBe("Foxes are quick.");
  });

  it("stopping the stream closes the connection the server is writing to", async () => {
    server.script({ text: "word ".repeat(400), tokensPerSecond: 100 });
    const controller = new AbortController();
    const out = await run("ollama:llama3.2", { abortSignal: controller.signal }, (_t, n) => {
      if (n === 3) controller.abort();
    });
    expect(out.aborted).toBe(true);
    expect(out.deltas.length).toBeLessThan(20);
    expect(await server.lastRequest("/api/chat")!.ended).toBe("client-closed");
  });

  it("a slow first token still arrives", async () => {
    server.script({ text: "Late but here.", fault: { kind: "slow-first-token", delayMs: 300 } });
    const started = performance.now();
    const out = await run("ollama:llama3.2");
    expect(out.text).toBe("Late but here.");
    expect(out.deltaTimes[0]! - started).toBeGreaterThanOrEqual(290);
  });

  it.each([
    [
      { kind: "rate-limit", retryAfterSeconds: 7 } as const,
      "rate-limited",
      /limiting requests \(429.*Try again in 7 s/,
    ],
    [
      { kind: "server-error", message: "llama runner process has terminated" } as const,
      "server-error",
      /failed with an error \(500: llama runner process has terminated\)/,
    ],
    [{ kind: "disconnect", afterTokens: 2 } as const, "interrupted", /dropped in the middle of the answer/],
  ])("fault %o becomes a clear %s error", async (fault, failure, message) => {
    server.script({ text: "one two three four five", fault });
    const out = await run("ollama:llama3.2");
    expect(out.explained.length).toBeGreaterThan(0);
    expect(out.explained[0]!.failure).toBe(failure);
    expect(out.explained[0]!.message).toMatch(message);
    if (fault.kind === "rate-limit") expect(out.explained[0]!.details.retryAfterSeconds).toBe(7);
  });

  it("a malformed line is skipped by the provider and the rest of the answer still arrives", async () => {
    server.script({ text: "one two three four five", fault: { kind: "malformed-chunk", afterTokens: 2 } });
    const out = await run("ollama:llama3.2");
    expect(out.errors).toEqual([]);
    expect(out.text).toBe("one two three four five");
  });

  it("a missing model says so", async () => {
    const out = await run("ollama:nope:13b");
    expect(out.explained[0]!.failure).toBe("model-missing");
    expect(out.explained[0]!.message).toMatch(/Ollama has no model "nope:13b"/);
  });

  it("a server that is down is reported as unreachable with its address", async () => {
    const down = await startOllamaServer();
    const url = down.url;
    await down.close();
    const resolved = await resolveModel("ollama:llama3.2", { ...config, ollamaUrl: url });
    const out = await collect(
      streamText({ model: resolved.model, prompt: "hi", maxRetries: 0, onError: () => undefined }).fullStream,
    );
    const err = explainProviderError(out.errors[0], resolved.context);
    expect(err.failure).toBe("unreachable");
    expect(err.message).toContain(`Ollama is not reachable at ${url} (connection refused)`);
  });
});
