import { generateText, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import { CallTimer } from "@/lib/ai/usage";
import type { FakeServer } from "@/tests/support/fake-provider";
import { startOpenAIServer } from "@/tests/support/openai-server";
import { collect } from "@/tests/support/stream-collect";

const KEY = "sk-or-test-key-123456";
let openrouter: FakeServer;
let compat: FakeServer;
let config: ProviderConfig;

beforeAll(async () => {
  openrouter = await startOpenAIServer({ flavor: "openrouter", apiKey: KEY });
  compat = await startOpenAIServer({ models: [{ id: "qwen2.5-7b-instruct" }] });
  config = {
    ollamaUrl: "http://127.0.0.1:9",
    openrouter: { baseUrl: `${openrouter.url}/v1`, apiKey: KEY },
    endpoints: [
      { id: "lm", name: "LM Studio", baseUrl: `${compat.url}/v1`, enabled: true },
      { id: "off", name: "Old vLLM", baseUrl: `${compat.url}/v1`, enabled: false },
    ],
    defaultModel: "",
  };
});
afterAll(async () => {
  await openrouter.close();
  await compat.close();
});

async function run(
  id: string,
  options: { abortSignal?: AbortSignal; tools?: Parameters<typeof streamText>[0]["tools"]; cfg?: ProviderConfig } = {},
  onDelta?: (t: string, n: number) => void,
) {
  const resolved = await resolveModel(id, options.cfg ?? config);
  const result = streamText({
    model: resolved.model,
    prompt: "Tell me something.",
    maxRetries: 0,
    onError: () => undefined,
    abortSignal: options.abortSignal,
    tools: options.tools,
  });
  const out = await collect(result.fullStream, onDelta);
  return { ...out, explained: out.errors.map((e) => explainProviderError(e, resolved.context)) };
}

describe("OpenRouter through @openrouter/ai-sdk-provider against the SSE test server", () => {
  it("streams text with the vault key, usage and the reported cost", async () => {
    openrouter.script({
      text: "Paris is the capital of France.",
      usage: { input: 20, output: 7 },
      cost: 0.00042,
      tokensPerSecond: 300,
    });
    const timer = new CallTimer();
    const out = await run("openrouter:openai/gpt-4o-mini", {}, () => timer.firstToken());
    expect(out.errors).toEqual([]);
    expect(out.text).toBe("Paris is the capital of France.");
    expect(out.deltas.length).toBeGreaterThan(3);
    expect(out.usage).toEqual({ inputTokens: 20, outputTokens: 7 });
    const metrics = timer.finish({ usage: out.usage, providerMetadata: out.providerMetadata });
    expect(metrics.costUsd).toBe(0.00042);
    expect(metrics.ttftMs).toBeGreaterThan(0);
    expect(metrics.tokensPerSecond).toBeGreaterThan(0);
    const req = openrouter.lastRequest("/v1/chat/completions")!;
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toMatchObject({ model: "openai/gpt-4o-mini", stream: true });
  });

  it("passes reasoning and tool calls through", async () => {
    openrouter.script({
      thinking: "The user wants weather.",
      toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }],
    });
    const out = await run("openrouter:openai/gpt-4o-mini", {
      tools: { get_weather: tool({ description: "Weather", inputSchema: z.object({ city: z.string() }) }) },
    });
    expect(out.reasoning).toBe("The user wants weather.");
    expect(out.toolCalls).toEqual([{ toolName: "get_weather", input: { city: "Oslo" } }]);
    expect(out.finishReason).toBe("tool-calls");
  });

  it("answers without streaming too (generateText)", async () => {
    openrouter.script({ text: "Short answer.", usage: { input: 3, output: 2 }, cost: 0.000001 });
    const { model } = await resolveModel("openrouter:openai/gpt-4o-mini", config);
    const result = await generateText({ model, prompt: "Quick?", maxRetries: 0 });
    expect(result.text).toBe("Short answer.");
    expect(result.usage.outputTokens).toBe(2);
    expect((openrouter.lastRequest("/v1/chat/completions")!.body as { stream?: boolean }).stream).not.toBe(true);
  });

  it("no key: a clear error before any request", async () => {
    await expect(
      resolveModel("openrouter:openai/gpt-4o-mini", { ...config, openrouter: { ...config.openrouter, apiKey: null } }),
    ).rejects.toThrow(/No OpenRouter API key is set/);
  });

  it("a wrong key: the provider's refusal, explained", async () => {
    const out = await run("openrouter:openai/gpt-4o-mini", {
      cfg: { ...config, openrouter: { ...config.openrouter, apiKey: "sk-wrong" } },
    });
    expect(out.explained[0]!.failure).toBe("auth");
    expect(out.explained[0]!.message).toMatch(/OpenRouter refused the API key \(401: User not found\.\)/);
    expect(out.explained[0]!.message).not.toContain("sk-wrong");
  });

  it("an unknown model", async () => {
    const out = await run("openrouter:nobody/nothing");
    expect(out.explained[0]!.failure).toBe("model-missing");
    expect(out.explained[0]!.message).toMatch(/OpenRouter has no model "nobody\/nothing"/);
  });
});

describe("OpenAI-compatible endpoints through @ai-sdk/openai-compatible", () => {
  it("streams text from the configured endpoint", async () => {
    compat.script({ text: "Hi from LM Studio.", usage: { input: 5, output: 4 } });
    const out = await run("compat:lm:qwen2.5-7b-instruct");
    expect(out.text).toBe("Hi from LM Studio.");
    expect(out.usage).toEqual({ inputTokens: 5, outputTokens: 4 });
  });

  it("reasoning_content becomes reasoning; tool calls arrive", async () => {
    compat.script({ thinking: "Hmm.", toolCalls: [{ name: "add", arguments: { a: 1, b: 2 } }] });
    const out = await run("compat:lm:qwen2.5-7b-instruct", {
      tools: { add: tool({ description: "Add", inputSchema: z.object({ a: z.number(), b: z.number() }) }) },
    });
    expect(out.reasoning).toBe("Hmm.");
    expect(out.toolCalls).toEqual([{ toolName: "add", input: { a: 1, b: 2 } }]);
  });

  it("stopping closes the connection on the server", async () => {
    compat.script({ text: "token ".repeat(500), tokensPerSecond: 200 });
    const controller = new AbortController();
    const out = await run("compat:lm:qwen2.5-7b-instruct", { abortSignal: controller.signal }, (_t, n) => {
      if (n === 2) controller.abort();
    });
    expect(out.aborted).toBe(true);
    expect(await compat.lastRequest("/v1/chat/completions")!.ended).toBe("client-closed");
  });

  it.each([
    [
      { kind: "rate-limit", retryAfterSeconds: 3 } as const,
      "rate-limited",
      /LM Studio is limiting requests \(429: Rate limit exceeded.*Try again in 3 s/,
    ],
    [{ kind: "server-error", status: 503 } as const, "server-error", /LM Studio failed with an error \(503/],
    [{ kind: "disconnect", afterTokens: 2 } as const, "interrupted", /connection to LM Studio dropped/],
    [
      { kind: "malformed-chunk", afterTokens: 2 } as const,
      "bad-response",
      /LM Studio sent a response this app cannot read/,
    ],
  ])("fault %o becomes a clear %s error", async (fault, failure, message) => {
    compat.script({ text: "one two three four five", fault });
    const out = await run("compat:lm:qwen2.5-7b-instruct");
    expect(out.explained.length).toBeGreaterThan(0);
    expect(out.explained[0]!.failure).toBe(failure);
    expect(out.explained[0]!.message).toMatch(message);
  });

  it("a slow first token still arrives", async () => {
    compat.script({ text: "Slow.", fault: { kind: "slow-first-token", delayMs: 250 } });
    const timer = new CallTimer();
    const out = await run("compat:lm:qwen2.5-7b-instruct", {}, () => timer.firstToken());
    expect(out.text).toBe("Slow.");
    expect(timer.finish({ usage: out.usage }).ttftMs).toBeGreaterThanOrEqual(240);
  });

  it("unknown or disabled endpoints and unknown models are named", async () => {
    await expect(resolveModel("compat:nope:x", config)).rejects.toThrow(/The OpenAI-compatible endpoint "nope"/);
    await expect(resolveModel("compat:off:x", config)).rejects.toThrow(/"Old vLLM" is turned off/);
    const out = await run("compat:lm:missing-model");
    expect(out.explained[0]!.failure).toBe("model-missing");
  });
});
