import { jsonSchema, type ToolSet, tool } from "ai";
import { getTool, listTools } from "@/server/ai/tools/registry";
import { mcpManager } from "@/server/mcp/manager";
import { getSettings } from "@/server/settings/settings";
import { executeToolCall } from "@/server/tools/execute";
import { callerRoleOf } from "@/server/tools/caller-role";
import { availableTools } from "@/server/tools/policy";

export interface AiToolSetInput {
  userId: string;
  /** The agent's allow-list (AgentRunConfig.tools). */
  allowedTools: readonly string[];
  agentId?: string | null;
  runId?: string | null;
  sessionId?: string | null;
  messageId?: string | null;
  signal?: AbortSignal;
}

/**
 * The tools a model is offered for one run, as AI SDK tool() definitions: only those the
 * agent's allow-list, Safe Mode and the admin's switches permit right now. Each execute goes
 * through executeToolCall, which checks the policy again (settings may change mid-run) and
 * records the call. Tools that need approval are listed in `needsApproval` for streamText's
 * `toolApproval` option: the SDK calls execute only after the user approved, hence approved.
 */
export async function buildAiToolSet(input: AiToolSetInput): Promise<{ tools: ToolSet; needsApproval: string[] }> {
  // MCP servers connect on first use, so their tools are offered from the first run on.
  await mcpManager().ensureStarted();
  const settings = await getSettings();
  const offered = availableTools(listTools(), input.allowedTools, settings, await callerRoleOf(input.userId));
  const tools: ToolSet = {};
  for (const info of offered) {
    const def = getTool(info.name);
    if (!def) continue;
    tools[info.name] = tool({
      description: def.description,
      inputSchema: def.inputJsonSchema ? jsonSchema(def.inputJsonSchema) : def.inputSchema,
      execute: async (args: unknown, options) => {
        const result = await executeToolCall({
          name: info.name,
          input: args,
          userId: input.userId,
          allowedTools: input.allowedTools,
          agentId: input.agentId,
          runId: input.runId,
          sessionId: input.sessionId,
          messageId: input.messageId,
          toolCallId: options.toolCallId,
          approved: def.needsApproval,
          signal: options.abortSignal ?? input.signal,
        });
        return result.output;
      },
    });
  }
  return { tools, needsApproval: offered.filter((t) => t.needsApproval).map((t) => t.name) };
}
