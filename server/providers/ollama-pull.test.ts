import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PullProgress } from "@/lib/ai/catalog-types";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { listModels } from "@/server/providers/catalog";
import { pullModel } from "@/server/providers/ollama-pull";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let server: FakeOllamaServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOllamaServer({
    pullable: [
      { name: "phi4:latest", sizeBytes: 9_000_000_000, contextLength: 16384, capabilities: ["completion"] },
      { name: "gemma3:1b", sizeBytes: 800_000_000 },
    ],
    pullStepMs: 20,
  });
  config = {
    ollamaUrl: server.url,
    openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null },
    endpoints: [],
    defaultModel: "",
  };
});
afterAll(() => server.close());

describe("pulling an Ollama model", () => {
  it("streams progress to 100 % and the model is then listed", async () => {
    const steps: PullProgress[] = [];
    for await (const p of pullModel("phi4", { config })) steps.push(p);
    expect(steps[0]).toMatchObject({ status: "pulling manifest", percent: null, done: false });
    const percents = steps.map((s) => s.percent).filter((p): p is number => p !== null);
    expect(percents).toEqual([0, 25, 50, 75, 100, 100]);
    expect(steps.at(-1)).toMatchObject({ status: "success", done: true });
    expect(server.lastRequest("/api/pull")!.body).toEqual({ model: "phi4", stream: true });
    const { models } = await listModels({ config });
    expect(models.find((m) => m.id === "ollama:phi4:latest")).toMatchObject({ contextLength: 16384 });
  });

  it("an unknown model fails with Ollama's reason", async () => {
    const run = async () => {
      for await (const _ of pullModel("no-such-model", { config })) void _;
    };
    await expect(run()).rejects.toThrow(
      /Ollama cannot find a model called "no-such-model" to download \(pull model manifest: file does not exist\)/,
    );
  });

  it("stopping the loop closes the download on the server", async () => {
    for await (const p of pullModel("gemma3:1b", { config })) {
      if (p.percent === 25) break;
    }
    expect(await server.lastRequest("/api/pull")!.ended).toBe("client-closed");
    expect(server.models.has("gemma3:1b")).toBe(false);
  });

  it("refuses a bad name and reports a server that is down", async () => {
    const first = (name: string, cfg = config) => pullModel(name, { config: cfg }).next();
    await expect(first("; rm -rf /")).rejects.toThrow(/Use a model name like llama3.2/);
    await expect(first("llama3.2", { ...config, ollamaUrl: "http://127.0.0.1:9" })).rejects.toThrow(
      /Ollama is not reachable at http:\/\/127.0.0.1:9/,
    );
  });
});
