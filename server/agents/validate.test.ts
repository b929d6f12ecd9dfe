import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { validateAgentDraft } from "@/server/agents/validate";
import { db } from "@/server/db";
import { startOllamaServer, type FakeOllamaServer } from "@/tests/support/ollama-server";

let server: FakeOllamaServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOllamaServer({
    models: [
      { name: "llama3.2:latest", contextLength: 131072, capabilities: ["completion", "tools"] },
      { name: "tiny:latest", contextLength: 64, capabilities: ["completion"] },
    ],
  });
  config = {
    ollamaUrl: server.url,
    openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null },
    endpoints: [],
    defaultModel: "",
  };
});
afterAll(() => server.close());

const draft = (over: Record<string, unknown> = {}) => ({
  name: "Checker",
  role: "Checks",
  systemPrompt: "You check things.",
  modelId: "ollama:llama3.2",
  tools: ["files_read"],
  ...over,
});
const check = (r: Awaited<ReturnType<typeof validateAgentDraft>>, id: string) => r.checks.find((c) => c.id === id);

describe("Validate agent: a dry run against the Ollama test server", () => {
  it("passes when the model answers, the tools exist and the prompt fits", async () => {
    server.script({ text: "OK" });
    const r = await validateAgentDraft(draft(), { config });
    expect(r.checks.map((c) => [c.id, c.ok])).toEqual([
      ["input", true],
      ["tools", true],
      ["model", true],
      ["prompt", true],
    ]);
    expect(r.ok).toBe(true);
    expect(check(r, "model")!.message).toContain("ollama:llama3.2 answered in");
    expect(check(r, "model")!.message).toContain('"OK"');
    expect(r.resolved).toMatchObject({ resolvedModelId: "ollama:llama3.2", tools: ["files_read"] });
    expect(server.lastRequest("/api/chat")!.body).toMatchObject({ model: "llama3.2", options: { num_predict: 16 } });
  });

  it("inherits the default model when the agent has none", async () => {
    server.script({ text: "OK" });
    const r = await validateAgentDraft(draft({ modelId: null }), {
      config: { ...config, defaultModel: "ollama:llama3.2" },
    });
    expect(r.ok).toBe(true);
    expect(r.resolved!.resolvedModelId).toBe("ollama:llama3.2");
  });

  it("names unknown tools, a missing model and invalid fields", async () => {
    const r = await validateAgentDraft(
      draft({ modelId: "ollama:nope", tools: ["files_read", "teleport", "mind_read"] }),
      { config },
    );
    expect(r.ok).toBe(false);
    expect(check(r, "tools")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Unknown tools: teleport, mind_read"),
    });
    expect(check(r, "model")).toMatchObject({ ok: false });
    expect(check(r, "model")!.message).toMatch(/nope/);

    const bad = await validateAgentDraft(draft({ systemPrompt: "  ", temperature: 9 }), { config });
    expect(bad).toMatchObject({ ok: false, resolved: null });
    expect(bad.checks[0]!.message).toContain("system prompt");
    expect(bad.checks[0]!.message).toContain("Temperature is at most 2.");
  });

  it("marks the tools of an MCP server that is not connected as unavailable, not unknown", async () => {
    await db.mcpServer.create({
      data: { name: "offline", transport: "http", url: "http://127.0.0.1:9/mcp", enabled: false },
    });
    const r = await validateAgentDraft(
      draft({ tools: ["files_read", "mcp__offline__search", "mcp__offline__*", "teleport"] }),
      { config },
    );
    const tools = check(r, "tools")!;
    expect(tools.ok).toBe(false);
    expect(tools.message).toContain("Unknown tool: teleport.");
    expect(tools.message).toContain(
      'Unavailable now: mcp__offline__search (MCP server "offline" is turned off); mcp__offline__* (MCP server "offline" is turned off).',
    );
    await db.mcpServer.deleteMany({ where: { name: "offline" } });
  });

  it("refuses a prompt that does not fit the model's context window", async () => {
    server.script({ text: "OK" });
    const r = await validateAgentDraft(draft({ modelId: "ollama:tiny", systemPrompt: "Be thorough. ".repeat(40) }), {
      config,
    });
    expect(check(r, "model")!.ok).toBe(true);
    expect(check(r, "prompt")).toMatchObject({
      ok: false,
      message: expect.stringContaining("exceeds the model's context of 64"),
    });
  });

  it("reports a model that does not answer in time", async () => {
    server.script({ text: "late", fault: { kind: "slow-first-token", delayMs: 3000 } });
    const r = await validateAgentDraft(draft(), { config, timeoutMs: 300 });
    expect(check(r, "model")).toMatchObject({ ok: false, message: expect.stringContaining("did not answer within") });
  });

  it("says what to do when no model can be inherited", async () => {
    const r = await validateAgentDraft(draft({ modelId: null }), {
      config: { ...config, ollamaUrl: "http://127.0.0.1:9" },
    });
    expect(check(r, "model")).toMatchObject({
      ok: false,
      message: expect.stringContaining("set a default model in Settings"),
    });
  });
});
