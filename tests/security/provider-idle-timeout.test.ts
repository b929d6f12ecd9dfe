import { streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import type { FakeServer } from "@/tests/support/fake-provider";
import { startOpenAIServer } from "@/tests/support/openai-server";
import { collect } from "@/tests/support/stream-collect";

/**
 * Issue 22, finding 14: a provider that stalled kept a chat streaming and a task running for
 * 150 s and more. A call that receives nothing for the idle timeout is stopped with a sentence,
 * and the provider sees the connection close.
 */
let server: FakeServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOpenAIServer({ models: [{ id: "slow-model" }] });
  config = {
    ollamaUrl: "http://127.0.0.1:9",
    openrouter: { baseUrl: "http://127.0.0.1:9", apiKey: null },
    endpoints: [{ id: "lm", name: "Slow box", baseUrl: `${server.url}/v1`, enabled: true }],
    defaultModel: "",
    idleTimeoutSeconds: 1,
  };
});
afterAll(() => server.close());

async function run() {
  const resolved = await resolveModel("compat:lm:slow-model", config);
  const result = streamText({ model: resolved.model, prompt: "Hello?", maxRetries: 0, onError: () => undefined });
  const out = await collect(result.fullStream);
  return { ...out, explained: out.errors.map((e) => explainProviderError(e, resolved.context)) };
}

describe("a provider that goes quiet", () => {
  it("is stopped after the idle timeout with a clear error, and sees the connection close", async () => {
    server.script({ text: "Too late.", fault: { kind: "slow-first-token", delayMs: 8000 } });
    const started = performance.now();
    const out = await run();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(900);
    expect(elapsed).toBeLessThan(4000);
    expect(out.text).toBe("");
    expect(out.explained[0]?.message).toMatch(/Slow box at .* sent nothing for 1 s, so the call was stopped/);
    expect(out.explained[0]?.failure).toBe("interrupted");
    expect(await server.lastRequest("/v1/chat/completions")!.ended).toBe("client-closed");
  });

  it("lets a steady stream run past the timeout", async () => {
    server.script({ text: "one two three four five six seven eight nine ten", tokensPerSecond: 5 });
    const out = await run();
    expect(out.errors).toEqual([]);
    expect(out.text).toBe("one two three four five six seven eight nine ten");
  });
});
