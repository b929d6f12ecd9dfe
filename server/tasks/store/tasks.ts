import { ACTIVE_STATUSES, FINISHED_STATUSES } from "@/lib/tasks/constants";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

/**
 * The Task table outside a run's lifecycle (store/runs.ts). `ownerId` scopes a read to one user's
 * tasks; left undefined, it reads every task (what an administrator sees).
 */

const ACTIVE = { in: [...ACTIVE_STATUSES] };
const summarySelect = { id: true, title: true, kind: true, status: true } as const;

export async function getTaskById({ id, ownerId }: { id: string; ownerId?: string }) {
  return db.task.findFirst({ where: { id, ownerId } });
}

export async function insertTask(data: Prisma.TaskUncheckedCreateInput) {
  return db.task.create({ data });
}

export async function updateTaskById({ id, data }: { id: string; data: Prisma.TaskUncheckedUpdateInput }) {
  return db.task.update({ where: { id }, data });
}

/** Moves a task from one of `from` to `to`; returns false when it was no longer in one of them. */
export async function updateTaskStatusById({
  id,
  from,
  to,
}: {
  id: string;
  from: string[];
  to: string;
}): Promise<boolean> {
  const moved = await db.task.updateMany({ where: { id, status: { in: from } }, data: { status: to } });
  return moved.count > 0;
}

/** The task a step or handler runs in, by id or by its run id (null when there is none). */
export async function getTaskOwnerByIdOrRunId(key: { id: string } | { runId: string }) {
  return db.task.findUnique({
    where: "id" in key ? { id: key.id } : { runId: key.runId },
    select: { id: true, ownerId: true },
  });
}

/** Marks the still-active tasks among `ids` cancelled, as the user asked. */
export async function cancelActiveTasksByIds({ ids, at }: { ids: string[]; at: Date }): Promise<void> {
  await db.task.updateMany({
    where: { id: { in: ids }, status: ACTIVE },
    data: { status: "cancelled", cancelRequested: true, finishedAt: at, error: "Cancelled by the user." },
  });
}

export async function listTaskRunsByIds({ ids }: { ids: string[] }) {
  return db.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, ownerId: true, status: true, runId: true },
  });
}

export async function listActiveChildTaskIds({ parentIds }: { parentIds: string[] }): Promise<string[]> {
  const rows = await db.task.findMany({ where: { parentId: { in: parentIds }, status: ACTIVE }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Finished tasks in the owner scope, all of them or those among `ids`. */
export async function listFinishedTasksByOwner({ ownerId, ids }: { ownerId?: string; ids?: string[] }) {
  return db.task.findMany({
    where: { ownerId, status: { in: [...FINISHED_STATUSES] }, ...(ids ? { id: { in: ids } } : {}) },
    select: { id: true, ownerId: true },
  });
}

/** Deletes the tasks (their steps and artifact rows go with them); returns how many. */
export async function deleteTasksByIds({ ids }: { ids: string[] }): Promise<number> {
  return (await db.task.deleteMany({ where: { id: { in: ids } } })).count;
}

export async function listChildTasksByParent({ parentId, ownerId }: { parentId: string; ownerId?: string }) {
  return db.task.findMany({
    where: { parentId, ownerId },
    orderBy: { createdAt: "asc" },
    select: summarySelect,
    take: 200,
  });
}

export async function getTaskSummaryById({ id, ownerId }: { id: string; ownerId?: string }) {
  return db.task.findFirst({ where: { id, ownerId }, select: summarySelect });
}

export async function listRetriesByTask({ retryOfId, ownerId }: { retryOfId: string; ownerId?: string }) {
  return db.task.findMany({ where: { retryOfId, ownerId }, orderBy: { createdAt: "asc" }, select: summarySelect });
}

/** The agents the tasks in the owner scope ran, each once. */
export async function listTaskAgentIdsByOwner({ ownerId }: { ownerId?: string }): Promise<string[]> {
  const rows = await db.task.findMany({
    where: { ownerId, agentId: { not: null } },
    distinct: ["agentId"],
    select: { agentId: true },
  });
  return rows.flatMap((r) => (r.agentId ? [r.agentId] : []));
}

// reads Agent (agents)
export async function listAgentNamesByIds({ ids }: { ids: string[] }) {
  return db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}
