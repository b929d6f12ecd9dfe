import "server-only";
import { AppError, NotFoundError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import type { Agent } from "@/server/generated/prisma/client";
import { getVisibleAgentById } from "@/server/agents/store/agents";

export type Viewer = Pick<AuthUser, "id" | "email" | "role">;

/**
 * Who sees which agents: an admin all of them (no scope); a user the shared (built-in) agents
 * that are active, and their own in any state. Other people's agents hold their prompts: invisible.
 */
export function agentScope(viewer: Viewer): string | undefined {
  return viewer.role === "admin" ? undefined : viewer.id;
}

/** The agent if the viewer may see it; "not found" otherwise, so ids of others' agents leak nothing. */
export async function findVisibleAgent(viewer: Viewer, id: string): Promise<Agent> {
  const agent = await getVisibleAgentById({ id, viewerId: agentScope(viewer) });
  if (!agent) throw new NotFoundError("That agent");
  return agent;
}

/** Owners edit their agents; built-in (shared) agents only an admin. */
export function canEdit(viewer: Viewer, agent: Pick<Agent, "ownerId" | "builtin">): boolean {
  if (viewer.role === "admin") return true;
  return !agent.builtin && agent.ownerId === viewer.id;
}

export async function findEditableAgent(viewer: Viewer, id: string): Promise<Agent> {
  const agent = await findVisibleAgent(viewer, id);
  if (!canEdit(viewer, agent)) {
    throw new AppError(
      "FORBIDDEN",
      agent.builtin
        ? "Only an admin can change a built-in agent. Duplicate it to make your own version."
        : "Only the agent's owner can change it.",
    );
  }
  return agent;
}
