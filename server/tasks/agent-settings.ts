import { NonRetriableError } from "inngest";
import { getAgentRunConfig } from "@/server/agents/agent-config";
import type { PromptSettings } from "@/server/tasks/agent-prompt";

export interface RunSettings extends PromptSettings {
  agentName: string | null;
}

/**
 * The settings a task's model call uses: the agent's prompt and limits when an agent runs; a
 * model asked for by name wins over the agent's own. A missing or switched-off agent ends the
 * run at once (retrying would not bring it back).
 */
export async function loadPromptSettings(input: {
  agentId: string | null;
  modelId: string | null;
}): Promise<RunSettings> {
  if (!input.agentId)
    return {
      agentId: null,
      agentName: null,
      modelId: input.modelId,
      systemPrompt: null,
      temperature: null,
      maxOutputTokens: null,
    };
  const agent = await getAgentRunConfig(input.agentId);
  if (!agent) throw new NonRetriableError("The agent this task runs no longer exists.");
  if (agent.status !== "active")
    throw new NonRetriableError(`The agent "${agent.name}" is ${agent.status}: turn it on in Agents to run it.`);
  return {
    agentId: agent.id,
    agentName: agent.name,
    modelId: input.modelId ?? agent.modelId,
    systemPrompt: agent.systemPrompt || null,
    temperature: agent.temperature,
    maxOutputTokens: agent.maxOutputTokens,
  };
}
