import { readFile } from "node:fs/promises";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENROUTER_SECRET } from "@/server/ai/provider-config";
import { eventBus, type BusEvent } from "@/server/events";
import { testConnection } from "@/server/providers/connection-test";
import { waitForJob } from "@/server/providers/provider-jobs";
import { deleteSecret, setSecret } from "@/server/secrets/vault";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";
import type { FakeServer } from "@/tests/support/fake-provider";
import { serveHandlers } from "@/tests/support/http-server";
import { STORIES_260K } from "@/tests/support/model-tokens";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";
import { startOpenAIServer } from "@/tests/support/openai-server";

const KEY = "sk-or-router-key-0001";
let ollama: FakeOllamaServer;
let openrouter: FakeServer;
let compat: FakeServer;
let stalled: { url: string; close: () => Promise<void> };
let files: { url: string; close: () => Promise<void> };
let deadUrl: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
let user: Awaited<ReturnType<typeof makeUser>>;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
}

function progressEvents(key: string): { events: BusEvent<"progress">[]; stop: () => void } {
  const events: BusEvent<"progress">[] = [];
  const stop = eventBus.subscribe(["progress"], (e) => {
    if ((e as BusEvent<"progress">).data.key === key) events.push(e as BusEvent<"progress">);
  });
  return { events, stop };
}

beforeAll(async () => {
  ollama = await startOllamaServer({
    pullable: [
      { name: "phi4:latest", sizeBytes: 9_000_000_000, contextLength: 16384, capabilities: ["completion", "tools"] },
      { name: "gemma3:1b", sizeBytes: 800_000_000 },
    ],
    pullStepMs: 30,
  });
  openrouter = await startOpenAIServer({ flavor: "openrouter", apiKey: KEY });
  compat = await startOpenAIServer({ models: [{ id: "local-model" }] });
  const dead = await startOpenAIServer();
  deadUrl = dead.url;
  await dead.close();
  // Accepts the connection and never answers: a provider that hangs.
  stalled = await serveHandlers({ "/": () => new Promise<Response>(() => {}) });
  const gguf = await readFile(STORIES_260K);
  files = await serveHandlers({
    "/models/": async (req) =>
      new URL(req.url).pathname.endsWith("tiny-copy.gguf")
        ? new Response(gguf, { headers: { "content-length": String(gguf.length) } })
        : new Response("no", { status: 404 }),
  });
  admin = await makeUser("admin");
  user = await makeUser("user");
  await applySettings({
    actor: null,
    changes: {
      providers: {
        ollamaUrl: ollama.url,
        openrouterBaseUrl: `${openrouter.url}/v1`,
        openaiCompatible: [
          { id: "lm", name: "LM Studio", baseUrl: `${compat.url}/v1`, enabled: true },
          { id: "dead", name: "Dead vLLM", baseUrl: `${deadUrl}/v1`, enabled: true },
          { id: "nov1", name: "Missing v1", baseUrl: compat.url, enabled: false },
          { id: "slow", name: "Slow box", baseUrl: `${stalled.url}/v1`, enabled: false },
        ],
      },
    },
  });
  await setSecret({ actor: null, name: OPENROUTER_SECRET, value: KEY });
});

afterAll(async () => {
  await Promise.all([ollama.close(), openrouter.close(), compat.close(), files.close()]);
  // The stalled server holds a connection open on purpose; do not wait for it.
  void stalled.close();
});

describe("connection test", () => {
  it("reports latency and models found for each provider", async () => {
    const result = await user.caller.providers.testConnection({ provider: "ollama" });
    expect(result).toMatchObject({ ok: true, modelsFound: 3, version: "0.12.6" });
    expect(result.latencyMs).toEqual(expect.any(Number));
    expect(await user.caller.providers.testConnection({ provider: "compat", endpointId: "lm" })).toMatchObject({
      ok: true,
      modelsFound: 1,
    });
    expect(await user.caller.providers.testConnection({ provider: "openrouter" })).toMatchObject({
      ok: true,
      modelsFound: 2,
    });
  });

  it("names the failure: down, wrong key, bad URL, timeout", async () => {
    expect(await admin.caller.providers.testConnection({ provider: "compat", endpointId: "dead" })).toMatchObject({
      ok: false,
      failure: "unreachable",
      message: expect.stringMatching(/Dead vLLM is not reachable at .*\(connection refused\)/),
    });
    await setSecret({ actor: null, name: OPENROUTER_SECRET, value: "sk-or-wrong" });
    expect(await admin.caller.providers.testConnection({ provider: "openrouter" })).toMatchObject({
      ok: false,
      failure: "auth",
      message: expect.stringMatching(/OpenRouter refused the API key \(401/),
    });
    await setSecret({ actor: null, name: OPENROUTER_SECRET, value: KEY });
    expect(await admin.caller.providers.testConnection({ provider: "compat", endpointId: "nov1" })).toMatchObject({
      ok: false,
      failure: "bad-url",
      message: expect.stringMatching(
        /answered 404: it does not look like the OpenAI-compatible API\. Check the URL\. OpenAI-compatible servers usually end in \/v1\./,
      ),
    });
    expect(await testConnection({ provider: "compat", endpointId: "slow" }, { timeoutMs: 300 })).toMatchObject({
      ok: false,
      failure: "timeout",
      message: expect.stringMatching(/^Slow box did not answer within 0\.3 s at http:\/\/127\.0\.0\.1:\d+\/v1\./),
    });
  });

  it("refuses a compat target without an endpoint", async () => {
    expect(await codeOf(admin.caller.providers.testConnection({ provider: "compat" }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.caller.providers.models({ provider: "compat", endpointId: "ghost" }))).toBe("NOT_FOUND");
  });
});

describe("model lists", () => {
  it("Ollama: installed models, what is loaded and its VRAM, details from /api/show", async () => {
    const { models, problem } = await user.caller.providers.models({ provider: "ollama" });
    expect(problem).toBeNull();
    expect(models.find((m) => m.name === "llama3.2:latest")).toMatchObject({
      contextLength: 131072,
      loaded: { sizeVram: 2_800_000_000 },
      details: { quantization: "Q4_K_M", parameterSize: "3.2B" },
      sizeBytes: 1_000_000_000,
    });
    const details = await user.caller.providers.details({ modelId: "ollama:qwen3:0.6b" });
    expect(details).toMatchObject({
      contextLength: 40960,
      capabilities: { tools: true, vision: false, thinking: true },
      details: { family: "qwen3" },
    });
    expect(await codeOf(user.caller.providers.details({ modelId: "ollama:nope" }))).toBe("NOT_FOUND");
  });

  it("OpenRouter prices and context, an endpoint's models, the embedded files; a provider that is down is a problem", async () => {
    const or = await user.caller.providers.models({ provider: "openrouter" });
    expect(or.models.find((m) => m.id === "openrouter:openai/gpt-4o-mini")).toMatchObject({
      contextLength: 128000,
      pricing: { prompt: 0.00000015, completion: 0.0000006 },
    });
    expect((await user.caller.providers.models({ provider: "compat", endpointId: "lm" })).models).toMatchObject([
      { id: "compat:lm:local-model", providerLabel: "LM Studio" },
    ]);
    const dead = await user.caller.providers.models({ provider: "compat", endpointId: "dead" });
    expect(dead).toMatchObject({
      models: [],
      failure: "unreachable",
      problem: expect.stringMatching(/^Dead vLLM is not reachable at .* \(connection refused\)\.$/),
    });
    expect((await user.caller.providers.models({ provider: "embedded" })).models).toEqual([]);
  });
});

describe("pulling and deleting Ollama models", () => {
  it("pull: progress on the bus to 100 %, then the model is listed", async () => {
    const job = await admin.caller.providers.pull({ name: "phi4" });
    const { events, stop } = progressEvents(job.key);
    const done = await waitForJob(job.key);
    stop();
    expect(done).toMatchObject({ jobStatus: "done", percent: 100, name: "phi4", totalBytes: 9_000_000_000 });
    const last = events.at(-1)!;
    expect(last).toMatchObject({ userId: admin.user.id, data: { done: true, percent: 100 } });
    const percents = events.map((e) => e.data.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(events.some((e) => /GB of 8\.38 GB$/.test(e.data.message ?? ""))).toBe(true);
    expect((await admin.caller.providers.jobs()).find((j) => j.key === job.key)).toMatchObject({ jobStatus: "done" });
    const { models } = await user.caller.providers.models({ provider: "ollama" });
    expect(models.map((m) => m.name)).toContain("phi4:latest");
  });

  it("cancel closes the download; an unknown model fails with Ollama's reason; Ollama down fails at once", async () => {
    const job = await admin.caller.providers.pull({ name: "gemma3:1b" });
    expect(await codeOf(admin.caller.providers.pull({ name: "gemma3:1b" }))).toBe("CONFLICT");
    expect(await admin.caller.providers.cancelJob({ key: job.key })).toMatchObject({ jobStatus: "cancelled" });
    expect(await ollama.lastRequest("/api/pull")!.ended).toBe("client-closed");
    expect(ollama.models.has("gemma3:1b")).toBe(false);

    const missing = await admin.caller.providers.pull({ name: "no-such-model" });
    expect(await waitForJob(missing.key)).toMatchObject({
      jobStatus: "failed",
      error: expect.stringMatching(/cannot find a model called "no-such-model"/),
    });

    expect(await codeOf(admin.caller.providers.pull({ name: "; rm -rf /" }))).toBe("BAD_REQUEST");
    await applySettings({ actor: null, changes: { providers: { ollamaUrl: deadUrl } } });
    await expect(admin.caller.providers.pull({ name: "phi4" })).rejects.toThrow(/Ollama is not reachable at/);
    await applySettings({ actor: null, changes: { providers: { ollamaUrl: ollama.url } } });
  });

  it("delete is admin-only and removes the model", async () => {
    expect(await codeOf(user.caller.providers.deleteOllamaModel({ name: "llava:7b" }))).toBe("FORBIDDEN");
    expect(await codeOf(user.caller.providers.pull({ name: "phi4" }))).toBe("FORBIDDEN");
    expect(await admin.caller.providers.deleteOllamaModel({ name: "llava:7b" })).toEqual({ ok: true });
    expect(ollama.models.has("llava:7b")).toBe(false);
    expect(await codeOf(admin.caller.providers.deleteOllamaModel({ name: "llava:7b" }))).toBe("NOT_FOUND");
  });
});

describe("embedded GGUF models", () => {
  it("add by path, remove; a file that is not GGUF is refused", async () => {
    expect(await admin.caller.providers.addEmbedded({ path: STORIES_260K })).toMatchObject({
      file: "stories260K.gguf",
      sizeBytes: 1185376,
    });
    expect(await codeOf(admin.caller.providers.addEmbedded({ path: STORIES_260K }))).toBe("CONFLICT");
    await expect(admin.caller.providers.addEmbedded({ path: "/etc/hostname.gguf" })).rejects.toThrow(
      /There is no file at/,
    );
    expect((await user.caller.providers.models({ provider: "embedded" })).models.map((m) => m.id)).toEqual([
      "embedded:stories260K.gguf",
    ]);
    expect(await admin.caller.providers.removeEmbedded({ file: "stories260K.gguf" })).toEqual({ ok: true });
    expect(await codeOf(admin.caller.providers.removeEmbedded({ file: "stories260K.gguf" }))).toBe("NOT_FOUND");
    expect(await codeOf(user.caller.providers.addEmbedded({ path: STORIES_260K }))).toBe("FORBIDDEN");
  });

  it("download by URL with progress; offline gives a clear error", async () => {
    const job = await admin.caller.providers.downloadEmbedded({ url: `${files.url}/models/tiny-copy.gguf` });
    expect(await waitForJob(job.key)).toMatchObject({
      jobStatus: "done",
      name: "tiny-copy.gguf",
      completedBytes: 1185376,
      totalBytes: 1185376,
    });
    expect((await user.caller.providers.models({ provider: "embedded" })).models.map((m) => m.id)).toContain(
      "embedded:tiny-copy.gguf",
    );
    await expect(admin.caller.providers.downloadEmbedded({ url: `${deadUrl}/models/other.gguf` })).rejects.toThrow(
      /Cannot reach 127\.0\.0\.1:\d+ to download other\.gguf/,
    );
    expect(await codeOf(admin.caller.providers.downloadEmbedded({ url: "ftp://example.com/x.gguf" }))).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("overview and mode", () => {
  it("shows the configuration and Local / Cloud / Hybrid; only admins see the models folder", async () => {
    const overview = await user.caller.providers.overview();
    expect(overview).toMatchObject({
      ollama: { url: ollama.url, enabled: true },
      openrouter: { keySet: true },
      modelsDir: null,
    });
    expect(overview.deployment.mode).toBe("hybrid");
    expect((await admin.caller.providers.overview()).modelsDir).toMatch(/models$/);
    await deleteSecret({ actor: null, name: OPENROUTER_SECRET });
    expect(await user.caller.providers.mode()).toMatchObject({ mode: "local" });
  });
});
