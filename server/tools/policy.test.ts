import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/settings/schema";
import { availableTools, runLimitRefusal } from "@/server/tools/policy";

const tools = [
  { name: "files_read", description: "", risk: "safe" as const, needsApproval: false, source: "builtin" },
  { name: "web_fetch", description: "", risk: "network" as const, needsApproval: false, source: "builtin" },
  { name: "code_run", description: "", risk: "code" as const, needsApproval: false, source: "builtin" },
];

describe("availableTools", () => {
  it("offers only allow-listed tools that Safe Mode and the switches permit", () => {
    const all = ["files_read", "web_fetch", "code_run"];
    expect(availableTools(tools, all, DEFAULT_SETTINGS).map((t) => t.name)).toEqual(["files_read", "code_run"]);
    const online = { ...DEFAULT_SETTINGS, tools: { ...DEFAULT_SETTINGS.tools, networkEnabled: true } };
    expect(availableTools(tools, all, online).map((t) => t.name)).toEqual(all);
    const safe = { ...online, security: { ...online.security, safeMode: true } };
    expect(availableTools(tools, all, safe).map((t) => t.name)).toEqual(["files_read"]);
    expect(availableTools(tools, [], online)).toEqual([]);
  });
});

describe("runLimitRefusal", () => {
  it("stops at max turns and over the token budget; 0 or null budget is unlimited", () => {
    expect(runLimitRefusal({ turn: 2, maxTurns: 3, tokensUsed: 10, tokenBudget: null })).toBeNull();
    expect(runLimitRefusal({ turn: 3, maxTurns: 3, tokensUsed: 10, tokenBudget: null })).toMatch(/after 3 turns/);
    expect(runLimitRefusal({ turn: 0, maxTurns: 3, tokensUsed: 500, tokenBudget: 500 })).toMatch(/budget of 500/);
    expect(runLimitRefusal({ turn: 0, maxTurns: 3, tokensUsed: 10_000, tokenBudget: 0 })).toBeNull();
  });
});
