import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addGgufFromPath } from "@/server/ai/embedded/models-folder";
import { getProviderConfig, OPENROUTER_SECRET } from "@/server/ai/provider-config";
import { defaultModelId, listModels, modelDetails } from "@/server/providers/catalog";
import { testConnection } from "@/server/providers/connection-test";
import { deploymentSummary } from "@/server/providers/deployment-mode";
import { setSecret } from "@/server/secrets/vault";
import { applySettings } from "@/server/settings/settings";
import type { FakeServer } from "@/tests/support/fake-provider";
import { STORIES_260K } from "@/tests/support/model-tokens";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";
import { startOpenAIServer } from "@/tests/support/openai-server";

const KEY = "sk-or-catalog-key-0001";
let ollama: FakeOllamaServer;
let openrouter: FakeServer;
let compat: FakeServer;
let deadUrl: string;

beforeAll(async () => {
  ollama = await startOllamaServer();
  openrouter = await startOpenAIServer({ flavor: "openrouter", apiKey: KEY });
  compat = await startOpenAIServer({ models: [{ id: "local-model" }, { id: "other-model" }] });
  const dead = await startOpenAIServer();
  deadUrl = dead.url;
  await dead.close();
  await addGgufFromPath(STORIES_260K);
  await applySettings({
    actor: null,
    changes: {
      providers: {
        ollamaUrl: ollama.url,
        openrouterBaseUrl: `${openrouter.url}/v1`,
        openaiCompatible: [
          { id: "lm", name: "LM Studio", baseUrl: `${compat.url}/v1`, enabled: true },
          { id: "dead", name: "Dead vLLM", baseUrl: `${deadUrl}/v1`, enabled: true },
        ],
      },
    },
  });
  await setSecret({ actor: null, name: OPENROUTER_SECRET, value: KEY });
});
afterAll(async () => {
  await Promise.all([ollama.close(), openrouter.close(), compat.close()]);
});

describe("model catalog from settings and the vault", () => {
  it("lists every provider's models with their details; a provider that is down is a problem, not a failure", async () => {
    const { models, problems } = await listModels();
    const byId = new Map(models.map((m) => [m.id, m]));

    expect(byId.get("ollama:llama3.2:latest")).toMatchObject({
      contextLength: 131072,
      capabilities: { tools: true, vision: false },
      loaded: { sizeVram: 2_800_000_000 },
      details: { family: "llama", parameterSize: "3.2B" },
    });
    expect(byId.get("ollama:llava:7b")).toMatchObject({ capabilities: { vision: true, tools: false }, loaded: null });
    expect(byId.get("openrouter:openai/gpt-4o-mini")).toMatchObject({
      contextLength: 128000,
      pricing: { prompt: 0.00000015, completion: 0.0000006 },
      capabilities: { tools: true, vision: true },
    });
    expect(byId.has("compat:lm:local-model")).toBe(true);
    expect(byId.get("embedded:stories260K.gguf")).toMatchObject({
      contextLength: 2048,
      details: { family: "llama" },
      sizeBytes: 1185376,
    });

    expect(problems).toEqual([
      {
        provider: "compat",
        label: "Dead vLLM",
        message: expect.stringMatching(/Dead vLLM is not reachable at .* \(connection refused\)/),
      },
    ]);
  });

  it("gives one model's details for the context meter", async () => {
    expect((await modelDetails("ollama:qwen3:0.6b")).capabilities).toEqual({
      tools: true,
      vision: false,
      thinking: true,
    });
    expect((await modelDetails("openrouter:meta-llama/llama-3.1-8b-instruct")).contextLength).toBe(131072);
    await expect(modelDetails("ollama:missing")).rejects.toThrow(/Ollama has no model "missing"/);
    await expect(modelDetails("compat:lm:nope")).rejects.toThrow(/The model compat:lm:nope was not found/);
  });

  it("the default model is the setting, else the first model listed", async () => {
    const config = await getProviderConfig();
    expect(await defaultModelId({ config })).toBe("ollama:llama3.2:latest");
    expect(await defaultModelId({ config: { ...config, defaultModel: "embedded:stories260K.gguf" } })).toBe(
      "embedded:stories260K.gguf",
    );
  });

  it("deployment mode follows what is configured", async () => {
    const config = await getProviderConfig();
    expect(deploymentSummary(config, 1).mode).toBe("hybrid");
    expect(deploymentSummary({ ...config, openrouter: { ...config.openrouter, apiKey: null } }, 1).mode).toBe("local");
  });
});

describe("connection test per provider", () => {
  it("reports reachable, latency and models found", async () => {
    const result = await testConnection({ provider: "ollama" });
    expect(result).toMatchObject({ ok: true, modelsFound: 3, version: "0.12.6" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.message).toMatch(/^Ollama answered in \d+ ms \(version 0\.12\.6\): 3 models found\.$/);
    expect(await testConnection({ provider: "openrouter" })).toMatchObject({ ok: true, modelsFound: 2 });
    expect(await testConnection({ provider: "compat", endpointId: "lm" })).toMatchObject({
      ok: true,
      modelsFound: 2,
      label: "LM Studio",
    });
    expect(await testConnection({ provider: "embedded" })).toMatchObject({ ok: true, modelsFound: 1 });
  });

  it("says exactly what is wrong", async () => {
    const config = await getProviderConfig();
    expect(await testConnection({ provider: "compat", endpointId: "dead" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Dead vLLM is not reachable/),
    });
    expect(
      await testConnection(
        { provider: "openrouter" },
        { config: { ...config, openrouter: { ...config.openrouter, apiKey: "sk-bad" } } },
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/OpenRouter refused the API key \(401/),
    });
    expect(
      await testConnection(
        { provider: "openrouter" },
        { config: { ...config, openrouter: { ...config.openrouter, apiKey: null } } },
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No OpenRouter API key is set/),
    });
    expect(await testConnection({ provider: "compat", endpointId: "ghost" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/endpoint "ghost"/),
    });
  });
});
