import { ACTIVE_STATUSES } from "@/lib/tasks/constants";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

/**
 * A run's task as the Inngest middleware writes it. Each write is guarded (no run id yet, still
 * active) so a replayed or duplicate request changes nothing.
 */

const ledgerSelect = { id: true, ownerId: true, status: true, cancelRequested: true } as const;

export async function getLedgerTaskByRunId({ runId }: { runId: string }) {
  return db.task.findUnique({ where: { runId }, select: ledgerSelect });
}

export async function getLedgerTaskById({ id }: { id: string }) {
  return db.task.findUniqueOrThrow({ where: { id }, select: ledgerSelect });
}

/** Links a run to the task created before its event was sent; false when another run has it. */
export async function attachRunToTaskById({
  id,
  runId,
  functionId,
  eventId,
  eventName,
}: {
  id: string;
  runId: string;
  functionId: string;
  eventId: string | null;
  eventName: string;
}): Promise<boolean> {
  const attached = await db.task.updateMany({
    where: { id, runId: null },
    data: { runId, functionId, eventId, eventName },
  });
  return attached.count === 1;
}

export async function getTaskParentById({ id }: { id: string }) {
  return db.task.findUnique({ where: { id }, select: { id: true, ownerId: true, agentId: true } });
}

/** A task for a run nobody enqueued; a second one for the same run fails on the unique run id. */
export async function insertLedgerTask(data: Prisma.TaskUncheckedCreateInput) {
  return db.task.create({ data, select: ledgerSelect });
}

/** Queued or waiting to running (the first start time is kept); true when the status moved. */
export async function startTaskRunById({ id, attempt, at }: { id: string; attempt: number; at: Date }) {
  const moved = await db.task.updateMany({
    where: { id, status: { in: ["queued", "waiting"] } },
    data: { status: "running", attempt },
  });
  await db.task.updateMany({ where: { id, startedAt: null }, data: { startedAt: at } });
  return moved.count === 1;
}

/** True when the task asked its run to stop, or no longer exists. */
export async function isCancelRequestedById({ id }: { id: string }): Promise<boolean> {
  const row = await db.task.findUnique({ where: { id }, select: { cancelRequested: true } });
  return !row || row.cancelRequested;
}

/** Changes the task only while it is still active; true when it did. */
export async function updateActiveTaskById({
  id,
  data,
}: {
  id: string;
  data: Prisma.TaskUncheckedUpdateManyInput;
}): Promise<boolean> {
  const moved = await db.task.updateMany({ where: { id, status: { in: [...ACTIVE_STATUSES] } }, data });
  return moved.count === 1;
}
