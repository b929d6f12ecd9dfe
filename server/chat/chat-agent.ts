import "server-only";
import { AppError } from "@/lib/errors";
import { findVisibleAgent, type Viewer } from "@/server/agents/access";
import { type AgentRunConfig, toRunConfig } from "@/server/agents/agent-config";

/**
 * The agent a chat answers as, checked at every turn: it must still be visible to the user and
 * active (a paused or auto-disabled agent answers nobody until it is resumed).
 */
export async function chatAgent(viewer: Viewer, agentId: string): Promise<AgentRunConfig> {
  const agent = toRunConfig(
    await findVisibleAgent(viewer, agentId).catch(() => {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This chat's agent no longer exists or is not shared with you. Pick another agent (or No agent) in the header.",
      );
    }),
  );
  if (agent.status !== "active") {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The agent "${agent.name}" is ${agent.status}. Resume it on the Agents page, or pick another agent in the header.`,
    );
  }
  return agent;
}

/** The model call's settings the agent decides: its system prompt and sampling limits. */
export function agentCallSettings(agent: AgentRunConfig | null): {
  system?: string;
  temperature?: number;
  maxOutputTokens?: number;
} {
  if (!agent) return {};
  return {
    ...(agent.systemPrompt.trim() ? { system: agent.systemPrompt } : {}),
    ...(agent.temperature !== null ? { temperature: agent.temperature } : {}),
    ...(agent.maxOutputTokens !== null ? { maxOutputTokens: agent.maxOutputTokens } : {}),
  };
}
