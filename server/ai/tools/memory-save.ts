import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { MEMORY_MAX_CHARS, saveMemory } from "@/server/agents/memory";

export const memorySave = defineTool({
  name: "memory_save",
  description: "Remember a fact for later conversations with this user (long-term memory of this agent).",
  inputSchema: z.strictObject({
    content: z.string().trim().min(1).max(MEMORY_MAX_CHARS).describe("The fact, as one self-contained sentence."),
  }),
  risk: "safe",
  needsApproval: false,
  async execute(input, ctx) {
    if (!ctx.agentId) return "Long-term memory belongs to an agent; this chat has none, so nothing was saved.";
    const saved = await saveMemory({ agentId: ctx.agentId, userId: ctx.userId, content: input.content });
    return { saved: true, id: saved.id };
  },
});
