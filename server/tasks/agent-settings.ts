import type { PromptSettings } from "@/server/tasks/agent-prompt";

export interface RunSettings extends PromptSettings {
  agentName: string | null;
}

/** The settings a task's model call uses: a model asked for by name wins over the agent's own. */
export async function loadPromptSettings(input: { agentId: string | null; modelId: string | null }): Promise<RunSettings> {
  return { agentId: input.agentId, agentName: null, modelId: input.modelId, systemPrompt: null, temperature: null, maxOutputTokens: null };
}
