import { NonRetriableError } from "inngest";
import { NotFoundError } from "@/lib/errors";
import { findVisibleAgent } from "@/server/agents/access";
import { getAgentRunConfig } from "@/server/agents/agent-config";
import { getUserByIdOrThrow } from "@/server/users/users";
import type { PromptSettings } from "@/server/tasks/agent-prompt";

export interface RunSettings extends PromptSettings {
  agentName: string | null;
}

/**
 * The settings a task's model call uses: the agent's prompt and limits when an agent runs; a
 * model asked for by name wins over the agent's own. A missing or switched-off agent ends the
 * run at once (retrying would not bring it back), and so does an agent the run's owner may not
 * use (the ids in a job's or task's payload are checked again when it runs: the owner may have
 * lost the right since, or the payload came from somewhere else). System runs have no owner.
 */
export async function loadPromptSettings(input: {
  agentId: string | null;
  modelId: string | null;
  ownerId?: string | null;
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
  if (input.ownerId) await assertOwnerMayUse(input.ownerId, input.agentId);
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

async function assertOwnerMayUse(ownerId: string, agentId: string): Promise<void> {
  const owner = await getUserByIdOrThrow({ id: ownerId }).catch((err: unknown) => {
    if (err instanceof NotFoundError)
      throw new NonRetriableError("The account that started this run no longer exists.");
    throw err;
  });
  try {
    await findVisibleAgent({ id: owner.id, role: owner.role as "admin" | "user", email: owner.email }, agentId);
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new NonRetriableError("The agent this task runs no longer exists, or its owner may no longer use it.");
    throw err;
  }
}
