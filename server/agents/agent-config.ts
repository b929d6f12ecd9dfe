import "server-only";
import type { Agent } from "@/server/generated/prisma/client";
import { parseStringList, type AgentStatus, type MemoryMode } from "@/server/agents/agent-fields";
import { getAgentById } from "@/server/agents/store/agents";

/** What a run (chat turn, task, team step) needs to know about an agent; the cross-helper contract. */
export interface AgentRunConfig {
  id: string;
  name: string;
  role: string;
  systemPrompt: string;
  modelId: string | null;
  temperature: number | null;
  maxOutputTokens: number | null;
  maxTurns: number;
  tokenBudget: number | null;
  tools: string[];
  memoryMode: MemoryMode;
  status: AgentStatus;
}

export function toRunConfig(agent: Agent): AgentRunConfig {
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    systemPrompt: agent.systemPrompt,
    modelId: agent.modelId,
    temperature: agent.temperature,
    maxOutputTokens: agent.maxTokens,
    maxTurns: agent.maxTurns,
    tokenBudget: agent.tokenBudget,
    tools: parseStringList(agent.tools),
    memoryMode: agent.memoryMode as MemoryMode,
    status: agent.status as AgentStatus,
  };
}

/** The agent's run configuration, or null when it does not exist. Callers check `status`. */
export async function getAgentRunConfig(agentId: string): Promise<AgentRunConfig | null> {
  const agent = await getAgentById({ id: agentId });
  return agent ? toRunConfig(agent) : null;
}
