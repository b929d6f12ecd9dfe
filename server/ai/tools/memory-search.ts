import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { searchMemory } from "@/server/agents/memory";

export const memorySearch = defineTool({
  name: "memory_search",
  description: "Search this agent's long-term memory of the user by words and by meaning (best matches first).",
  inputSchema: z.strictObject({
    query: z.string().max(500).describe("Words to look for; empty returns the newest memories."),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  risk: "safe",
  needsApproval: false,
  async execute(input, ctx) {
    if (!ctx.agentId) return "Long-term memory belongs to an agent; this chat has none.";
    const found = await searchMemory({
      agentId: ctx.agentId,
      userId: ctx.userId,
      query: input.query,
      limit: input.limit,
    });
    if (found.length === 0) return `Nothing in memory matches "${input.query}".`;
    return { memories: found.map((m) => ({ content: m.content, savedAt: m.createdAt.toISOString() })) };
  },
});
