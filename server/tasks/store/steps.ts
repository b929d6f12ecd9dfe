import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

/** The TaskStep table: one row per step of a run, keyed by the SDK's hashed step id. */

type StepKey = { taskId: string; stepId: string };
type NewStep = StepKey & { name: string; type: string; seq: number };

export async function countTaskStepsByTask({ taskId }: { taskId: string }): Promise<number> {
  return db.taskStep.count({ where: { taskId } });
}

export async function countWaitingStepsByTask({ taskId }: { taskId: string }): Promise<number> {
  return db.taskStep.count({ where: { taskId, status: "waiting" } });
}

export async function listTaskStepsByTask({ taskId }: { taskId: string }) {
  return db.taskStep.findMany({ where: { taskId }, orderBy: [{ seq: "asc" }, { startedAt: "asc" }] });
}

/** A step that starts (again, on a retry: its outcome is cleared). */
export async function upsertRunningStep(step: NewStep & { attempt: number; at: Date }): Promise<void> {
  const { taskId, stepId, name, type, seq, attempt, at } = step;
  await db.taskStep.upsert({
    where: { taskId_stepId: { taskId, stepId } },
    create: { taskId, stepId, name, type, status: "running", attempt, seq, startedAt: at },
    update: { status: "running", attempt, startedAt: at, finishedAt: null, durationMs: null },
  });
}

/** A step that waits; a row the step already has is left as it is. */
export async function insertWaitingStepUnlessExists(step: NewStep): Promise<void> {
  const { taskId, stepId, name, type, seq } = step;
  await db.taskStep.upsert({
    where: { taskId_stepId: { taskId, stepId } },
    create: { taskId, stepId, name, type, status: "waiting", seq },
    update: {},
  });
}

export async function getStepStartByKey({ taskId, stepId }: StepKey) {
  return db.taskStep.findUnique({ where: { taskId_stepId: { taskId, stepId } }, select: { startedAt: true } });
}

export async function updateStepByKey({ taskId, stepId, data }: StepKey & { data: Prisma.TaskStepUpdateInput }) {
  await db.taskStep.update({ where: { taskId_stepId: { taskId, stepId } }, data });
}

/** The steps among `stepIds` still running or waiting. */
export async function listOpenStepsByIds({ taskId, stepIds }: { taskId: string; stepIds: string[] }) {
  return db.taskStep.findMany({
    where: { taskId, stepId: { in: stepIds }, status: { in: ["waiting", "running"] } },
    select: { id: true, stepId: true, startedAt: true },
  });
}

export async function updateStepById({ id, data }: { id: string; data: Prisma.TaskStepUpdateInput }) {
  await db.taskStep.update({ where: { id }, data });
}

/** Ends every step still running or waiting with the run's final status. */
export async function endOpenStepsByTask({ taskId, status, at }: { taskId: string; status: string; at: Date }) {
  await db.taskStep.updateMany({
    where: { taskId, status: { in: ["running", "waiting"] } },
    data: { status, finishedAt: at },
  });
}
