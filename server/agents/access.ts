import "server-only";
import { AppError, NotFoundError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { db } from "@/server/db";
import type { Agent, Prisma } from "@/server/generated/prisma/client";

export type Viewer = Pick<AuthUser, "id" | "email" | "role">;

/**
 * Who sees which agents: an admin all of them; a user the shared (built-in) agents that are
 * active, and their own in any state. Other people's agents hold their prompts: invisible.
 */
export function visibleWhere(viewer: Viewer): Prisma.AgentWhereInput {
  if (viewer.role === "admin") return {};
  return { OR: [{ ownerId: viewer.id }, { ownerId: null, status: "active" }] };
}

/** The agent if the viewer may see it; "not found" otherwise, so ids of others' agents leak nothing. */
export async function findVisibleAgent(viewer: Viewer, id: string): Promise<Agent> {
  const agent = await db.agent.findFirst({ where: { AND: [{ id }, visibleWhere(viewer)] } });
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
