import "server-only";
import { db, preparedStatement } from "@/server/db";
import { columnList } from "@/server/db/sql";
import type { Prisma } from "@/server/generated/prisma/client";

/**
 * The Agent table. `viewerId` scopes a read to what one user sees: the shared (built-in) agents
 * that are active and their own in any state; left undefined, every agent (an admin).
 */
function visibleTo(viewerId: string | undefined): Prisma.AgentWhereInput {
  return viewerId === undefined ? {} : { OR: [{ ownerId: viewerId }, { ownerId: null, status: "active" }] };
}

const listOrder = [{ builtin: "desc" }, { name: "asc" }] satisfies Prisma.AgentOrderByWithRelationInput[];

// SQLite's unique index on name is case-sensitive; lower() on both sides is what makes names
// unique regardless of case (Prisma has no case-insensitive filter on SQLite).
const agentIdByNameAnyCase = preparedStatement<[string]>(
  `SELECT ${columnList("Agent", ["id"])} FROM "Agent" WHERE lower(${columnList("Agent", ["name"])}) = lower(?) LIMIT 1`,
);

export async function getAgentById({ id }: { id: string }) {
  return db.agent.findUnique({ where: { id } });
}

export async function getVisibleAgentById({ id, viewerId }: { id: string; viewerId?: string }) {
  return db.agent.findFirst({ where: { AND: [{ id }, visibleTo(viewerId)] } });
}

export async function listVisibleAgents({ viewerId }: { viewerId?: string }) {
  return db.agent.findMany({ where: visibleTo(viewerId), orderBy: listOrder });
}

export async function listActiveVisibleAgents({ viewerId }: { viewerId?: string }) {
  return db.agent.findMany({
    where: { AND: [visibleTo(viewerId), { status: "active" }] },
    orderBy: listOrder,
    select: { id: true, name: true, role: true, avatar: true },
  });
}

/** Which of these agents the viewer sees (a team's members must be). */
export async function listVisibleAgentIdsByIds({ ids, viewerId }: { ids: string[]; viewerId?: string }) {
  const rows = await db.agent.findMany({
    where: { AND: [{ id: { in: ids } }, visibleTo(viewerId)] },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** What a team shows of its members. */
export async function listAgentSummariesByIds({ ids }: { ids: string[] }) {
  return db.agent.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, role: true, avatar: true, status: true },
  });
}

/** The id of the agent of this name in any letter case, or null. */
export async function getAgentIdByNameAnyCase({ name }: { name: string }): Promise<string | null> {
  const row = (await agentIdByNameAnyCase()).get(name) as { id: string } | undefined;
  return row?.id ?? null;
}

export async function getAgentIdByName({ name }: { name: string }): Promise<string | null> {
  return (await db.agent.findUnique({ where: { name }, select: { id: true } }))?.id ?? null;
}

export async function getAgentIdByBuiltinKey({ builtinKey }: { builtinKey: string }): Promise<string | null> {
  return (await db.agent.findUnique({ where: { builtinKey }, select: { id: true } }))?.id ?? null;
}

export async function insertAgent(data: Prisma.AgentUncheckedCreateInput) {
  return db.agent.create({ data });
}

export async function updateAgentById({ id, data }: { id: string; data: Prisma.AgentUncheckedUpdateInput }) {
  return db.agent.update({ where: { id }, data });
}

/** Active again; `clearFailures` drops the failures that disabled it, in the same transaction. */
export async function activateAgentById({ id, clearFailures }: { id: string; clearFailures: boolean }) {
  return db.$transaction(async (tx) => {
    if (clearFailures) await tx.agentFailure.deleteMany({ where: { agentId: id } });
    return tx.agent.update({ where: { id }, data: { status: "active", disabledReason: null } });
  });
}

export async function deleteAgentById({ id }: { id: string }): Promise<void> {
  await db.agent.delete({ where: { id } });
}
