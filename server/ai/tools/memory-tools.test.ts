import { describe, expect, it } from "vitest";
import { memorySave } from "@/server/ai/tools/memory-save";
import { memorySearch } from "@/server/ai/tools/memory-search";
import type { ToolContext } from "@/lib/tools/types";
import { makeUser } from "@/tests/support/auth";

const limits = { timeoutMs: 5000, maxOutputBytes: 65536, allowedHosts: [], searchUrl: "http://127.0.0.1:9/" };

describe("memory tools", () => {
  it("save and find the agent's memories of this user only; say so without an agent", async () => {
    const { user, caller } = await makeUser();
    const other = await makeUser();
    const agent = await caller.agents.create({
      name: `Mem tool ${Date.now()}`,
      role: "Remembers",
      systemPrompt: "Remember.",
      memoryMode: "long_term",
    });
    const ctx: ToolContext = {
      userId: user.id,
      agentId: agent.id,
      signal: new AbortController().signal,
      workspaceDir: "/x",
      limits,
    };
    expect(await memorySave.execute({ content: "The user's favourite colour is teal." }, ctx)).toMatchObject({
      saved: true,
    });
    expect(await memorySearch.execute({ query: "colour", limit: 10 }, ctx)).toMatchObject({
      memories: [{ content: "The user's favourite colour is teal." }],
    });
    expect(await memorySearch.execute({ query: "colour", limit: 10 }, { ...ctx, userId: other.user.id })).toMatch(
      /Nothing in memory/,
    );
    // Found by meaning, without a shared word.
    await memorySave.execute({ content: "The user's cat is called Mischief." }, ctx);
    expect(await memorySearch.execute({ query: "kitten", limit: 10 }, ctx)).toMatchObject({
      memories: [{ content: "The user's cat is called Mischief." }],
    });
    expect(await memorySave.execute({ content: "x" }, { ...ctx, agentId: null })).toMatch(/nothing was saved/);
    expect(memorySave.inputSchema.safeParse({ content: "x".repeat(4001) }).success).toBe(false);
  });
});
