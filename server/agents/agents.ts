import "server-only";
import { AppError } from "@/lib/errors";
import { agentScope, findEditableAgent, findVisibleAgent, type Viewer } from "@/server/agents/access";
import { parseAvatar, parseStringList } from "@/server/agents/agent-fields";
import { type AgentData, type AgentInput, agentInputSchema, AGENT_LIMITS } from "@/server/agents/agent-input";
import {
  activateAgentById,
  deleteAgentById,
  getAgentIdByNameAnyCase,
  insertAgent,
  listActiveVisibleAgents,
  listVisibleAgents,
  updateAgentById,
} from "@/server/agents/store/agents";
import { recordAudit } from "@/server/audit";
import { isUniqueViolation } from "@/server/db/errors";
import type { Agent } from "@/server/generated/prisma/client";

/** An agent as the UI and API see it: JSON columns parsed, plus what the viewer may do. */
export function toAgentView(agent: Agent, viewer: Viewer) {
  const editable = viewer.role === "admin" || (!agent.builtin && agent.ownerId === viewer.id);
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    description: agent.description,
    avatar: parseAvatar(agent.avatar),
    systemPrompt: agent.systemPrompt,
    goals: parseStringList(agent.goals),
    modelId: agent.modelId,
    temperature: agent.temperature,
    maxTokens: agent.maxTokens,
    maxTurns: agent.maxTurns,
    tokenBudget: agent.tokenBudget,
    tools: parseStringList(agent.tools),
    memoryMode: agent.memoryMode as AgentData["memoryMode"],
    status: agent.status as "active" | "paused" | "disabled",
    disabledReason: agent.disabledReason,
    builtin: agent.builtin,
    ownerId: agent.ownerId,
    mine: agent.ownerId === viewer.id,
    editable,
    createdAt: agent.createdAt,
    updatedAt: agent.updatedAt,
  };
}
export type AgentView = ReturnType<typeof toAgentView>;

export function toColumns(data: AgentData) {
  return {
    name: data.name,
    role: data.role,
    description: data.description,
    avatar: JSON.stringify(data.avatar),
    systemPrompt: data.systemPrompt,
    goals: JSON.stringify(data.goals),
    modelId: data.modelId,
    temperature: data.temperature,
    maxTokens: data.maxTokens,
    maxTurns: data.maxTurns,
    tokenBudget: data.tokenBudget,
    tools: JSON.stringify(data.tools),
    memoryMode: data.memoryMode,
  };
}

/** Names are unique regardless of case, so "Researcher" and "researcher" cannot both exist. */
async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const taken = await getAgentIdByNameAnyCase({ name });
  if (taken !== null && taken !== exceptId)
    throw new AppError("CONFLICT", `An agent named "${name}" already exists. Choose another name.`);
}

function nameConflict(name: string): AppError {
  return new AppError("CONFLICT", `An agent named "${name}" already exists. Choose another name.`);
}

export async function listAgents(viewer: Viewer): Promise<AgentView[]> {
  const rows = await listVisibleAgents({ viewerId: agentScope(viewer) });
  return rows.map((a) => toAgentView(a, viewer));
}

/** Active agents the viewer may chat with (the chat's agent picker). */
export async function listActiveAgents(viewer: Viewer) {
  const rows = await listActiveVisibleAgents({ viewerId: agentScope(viewer) });
  return rows.map((r) => ({ ...r, avatar: parseAvatar(r.avatar) }));
}

export async function getAgent(viewer: Viewer, id: string): Promise<AgentView> {
  return toAgentView(await findVisibleAgent(viewer, id), viewer);
}

export async function createAgent(viewer: Viewer, input: AgentInput): Promise<AgentView> {
  const data = agentInputSchema.parse(input);
  await assertNameFree(data.name);
  try {
    const agent = await insertAgent({ ...toColumns(data), ownerId: viewer.id });
    await recordAudit({ actor: viewer, action: "agent.create", target: agent.id, details: { name: agent.name } });
    return toAgentView(agent, viewer);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameConflict(data.name);
    throw err;
  }
}

export async function updateAgent(viewer: Viewer, id: string, input: AgentInput): Promise<AgentView> {
  const data = agentInputSchema.parse(input);
  await findEditableAgent(viewer, id);
  await assertNameFree(data.name, id);
  try {
    const agent = await updateAgentById({ id, data: toColumns(data) });
    await recordAudit({ actor: viewer, action: "agent.update", target: id, details: { name: agent.name } });
    return toAgentView(agent, viewer);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameConflict(data.name);
    throw err;
  }
}

/** "Name (copy)", "Name (copy 2)"… the first free one, within the name length limit. */
async function copyName(name: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const suffix = n === 1 ? " (copy)" : ` (copy ${n})`;
    const candidate = name.slice(0, AGENT_LIMITS.nameMax - suffix.length) + suffix;
    if ((await getAgentIdByNameAnyCase({ name: candidate })) === null) return candidate;
  }
  throw new AppError("CONFLICT", "Too many copies of this agent exist already. Rename some of them first.");
}

/** A copy the viewer owns, active, even of a built-in agent (that is how users customise one). */
export async function duplicateAgent(viewer: Viewer, id: string): Promise<AgentView> {
  const source = await findVisibleAgent(viewer, id);
  const name = await copyName(source.name);
  const { id: _id, createdAt: _c, updatedAt: _u, builtinKey: _k, ...rest } = source;
  const agent = await insertAgent({
    ...rest,
    name,
    builtin: false,
    ownerId: viewer.id,
    status: "active",
    disabledReason: null,
  });
  await recordAudit({ actor: viewer, action: "agent.duplicate", target: agent.id, details: { from: id, name } });
  return toAgentView(agent, viewer);
}

export async function pauseAgent(viewer: Viewer, id: string): Promise<AgentView> {
  const agent = await findEditableAgent(viewer, id);
  if (agent.status === "disabled")
    throw new AppError("PRECONDITION_FAILED", "This agent is disabled; an admin must re-enable it first.");
  const updated = await updateAgentById({ id, data: { status: "paused" } });
  await recordAudit({ actor: viewer, action: "agent.pause", target: id });
  return toAgentView(updated, viewer);
}

/** Resumes a paused agent; re-enabling a disabled one is an admin's decision. */
export async function resumeAgent(viewer: Viewer, id: string): Promise<AgentView> {
  const agent = await findEditableAgent(viewer, id);
  if (agent.status === "disabled" && viewer.role !== "admin") {
    throw new AppError("FORBIDDEN", "This agent was disabled after repeated failures. Only an admin can re-enable it.");
  }
  // Old failures must not count again towards the next automatic disable.
  const updated = await activateAgentById({ id, clearFailures: agent.status === "disabled" });
  await recordAudit({
    actor: viewer,
    action: agent.status === "disabled" ? "agent.reenable" : "agent.resume",
    target: id,
  });
  return toAgentView(updated, viewer);
}

export async function deleteAgent(viewer: Viewer, id: string): Promise<void> {
  const agent = await findEditableAgent(viewer, id);
  if (agent.builtin) throw new AppError("FORBIDDEN", "Built-in agents cannot be deleted. Pause it instead.");
  await deleteAgentById({ id });
  await recordAudit({ actor: viewer, action: "agent.delete", target: id, details: { name: agent.name } });
}
