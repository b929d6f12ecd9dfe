import { embed, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { resolveEmbeddingModel, resolveModel } from "@/server/ai/providers";
import type { FakeServer } from "@/tests/support/fake-provider";
import { STORIES_260K } from "@/tests/support/model-tokens";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";
import { startOpenAIServer } from "@/tests/support/openai-server";
import { collect } from "@/tests/support/stream-collect";

let real: FakeOllamaServer;
let openai: FakeServer;
let config: ProviderConfig;

beforeAll(async () => {
  real = await startOllamaServer({ realModel: STORIES_260K });
  openai = await startOpenAIServer({ models: [{ id: "embed-small" }, { id: "fast" }] });
  config = {
    ollamaUrl: real.url,
    openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null },
    endpoints: [{ id: "oa", name: "OpenAI server", baseUrl: `${openai.url}/v1`, enabled: true }],
    defaultModel: "",
  };
});
afterAll(async () => {
  await real.close();
  await openai.close();
});

describe("Ollama test server in real-model mode (stories260K through node-llama-cpp)", () => {
  it("/api/chat streams the model's own text", async () => {
    const { model } = await resolveModel("ollama:llama3.2", config);
    const out = await collect(
      streamText({ model, prompt: "Once upon a time", temperature: 0, maxOutputTokens: 24, onError: () => undefined })
        .fullStream,
    );
    expect(out.errors).toEqual([]);
    expect(out.text).toMatch(/^, there was a little girl named Lily/);
    expect(out.deltas.length).toBeGreaterThan(5);
    expect(out.usage!.outputTokens).toBe(24);
  });

  it("/api/generate answers as NDJSON, and as one object without streaming", async () => {
    const streamed = await fetch(`${real.url}/api/generate`, {
      method: "POST",
      body: JSON.stringify({ model: "llama3.2", prompt: "Once upon a time", options: { num_predict: 8 } }),
    });
    const lines = (await streamed.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { response: string; done: boolean });
    expect(lines.at(-1)!.done).toBe(true);
    expect(lines.map((l) => l.response).join("")).toMatch(/^, there was/);
    const single = (await (
      await fetch(`${real.url}/api/generate`, {
        method: "POST",
        body: JSON.stringify({
          model: "llama3.2",
          prompt: "Once upon a time",
          stream: false,
          options: { num_predict: 8 },
        }),
      })
    ).json()) as { response: string; eval_count: number };
    expect(single.response).toMatch(/^, there was/);
    expect(single.eval_count).toBe(8);
  });

  it("stopping closes the connection and the model stops generating", async () => {
    const { model } = await resolveModel("ollama:llama3.2", config);
    const controller = new AbortController();
    const out = await collect(
      streamText({
        model,
        prompt: "Once upon a time",
        maxOutputTokens: 200,
        abortSignal: controller.signal,
        onError: () => undefined,
      }).fullStream,
      (_t, n) => {
        if (n === 3) controller.abort();
      },
    );
    expect(out.aborted).toBe(true);
    expect(await real.lastRequest("/api/chat")!.ended).toBe("client-closed");
    const after = await collect(
      streamText({ model, prompt: "The dog", maxOutputTokens: 4, onError: () => undefined }).fullStream,
    );
    expect(after.usage!.outputTokens).toBe(4);
  });
});

describe("OpenAI server in real-model mode", () => {
  it("streams stories260K text over SSE, and stops when the client goes", async () => {
    const server = await startOpenAIServer({ flavor: "openrouter", realModel: STORIES_260K });
    try {
      const { model } = await resolveModel("openrouter:openai/gpt-4o-mini", {
        ...config,
        openrouter: { baseUrl: `${server.url}/v1`, apiKey: "k" },
      });
      const out = await collect(
        streamText({ model, prompt: "Once upon a time", temperature: 0, maxOutputTokens: 16, onError: () => undefined })
          .fullStream,
      );
      expect(out.text).toMatch(/^, there was a little girl/);
      expect(out.usage!.outputTokens).toBe(out.deltas.length);
      const controller = new AbortController();
      const stopped = await collect(
        streamText({
          model,
          prompt: "Once upon a time",
          maxOutputTokens: 200,
          abortSignal: controller.signal,
          onError: () => undefined,
        }).fullStream,
        (_t, n) => {
          if (n === 2) controller.abort();
        },
      );
      expect(stopped.aborted).toBe(true);
      expect(await server.lastRequest("/v1/chat/completions")!.ended).toBe("client-closed");
    } finally {
      await server.close();
    }
  });
});

describe("embeddings on both servers", () => {
  it("Ollama /api/embed and OpenAI /v1/embeddings give stable vectors", async () => {
    const ollama = await resolveEmbeddingModel("ollama:llama3.2", config);
    const a = await embed({ model: ollama.model, value: "hello" });
    const b = await embed({ model: ollama.model, value: "hello" });
    expect(a.embedding).toHaveLength(8);
    expect(a.embedding).toEqual(b.embedding);
    const compat = await resolveEmbeddingModel("compat:oa:embed-small", config);
    expect((await embed({ model: compat.model, value: "hello" })).embedding).toEqual(a.embedding);
    await expect(resolveEmbeddingModel("embedded:x.gguf", config)).rejects.toThrow(/cannot make embeddings/);
  });
});

describe("control routes for tests in another process", () => {
  it("script a reply, read the request log with outcomes, reset", async () => {
    await fetch(`${openai.url}/__control/reset`, { method: "POST" });
    await fetch(`${openai.url}/__control/script`, {
      method: "POST",
      body: JSON.stringify([{ text: "From control." }]),
    });
    const { model } = await resolveModel("compat:oa:fast", config);
    const out = await collect(streamText({ model, prompt: "hello", onError: () => undefined }).fullStream);
    expect(out.text).toBe("From control.");
    const log = (await (await fetch(`${openai.url}/__control/requests`)).json()) as {
      path: string;
      outcome: string;
      body: { model: string };
    }[];
    expect(log).toEqual([
      expect.objectContaining({
        path: "/v1/chat/completions",
        outcome: "finished",
        body: expect.objectContaining({ model: "fast" }),
      }),
    ]);
  });
});

describe("pacing", () => {
  it("streams 2,000 tokens per second when asked, every token delivered", async () => {
    openai.script({ text: `${"tok ".repeat(999)}tok`, tokensPerSecond: 2000 });
    const { model } = await resolveModel("compat:oa:fast", config);
    const started = performance.now();
    const out = await collect(streamText({ model, prompt: "go", onError: () => undefined }).fullStream);
    const seconds = (performance.now() - started) / 1000;
    expect(out.deltas).toHaveLength(1000);
    expect(seconds).toBeGreaterThan(0.4);
    // Only a loose ceiling: on a loaded 2-core machine the reader may lag the pace.
    expect(seconds).toBeLessThan(15);
  });
});
