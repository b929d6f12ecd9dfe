import { isUniqueViolation } from "@/server/db/errors";
import { LEDGER_PARENT_KEY, LEDGER_TASK_KEY, type TaskKind } from "@/lib/tasks/constants";
import { errorText, toStoredJson } from "@/server/tasks/json";
import { publishTask } from "@/server/tasks/publish";
import {
  attachRunToTaskById,
  getLedgerTaskById,
  getLedgerTaskByRunId,
  getTaskParentById,
  insertLedgerTask,
  isCancelRequestedById,
  startTaskRunById,
  updateActiveTaskById,
} from "@/server/tasks/store/runs";
import {
  countTaskStepsByTask,
  endOpenStepsByTask,
  getStepStartByKey,
  insertWaitingStepUnlessExists,
  listOpenStepsByIds,
  updateStepById,
  updateStepByKey,
  upsertRunningStep,
} from "@/server/tasks/store/steps";
import { updateTaskStatusById } from "@/server/tasks/store/tasks";
import { RUN_EVENT } from "@/inngest/events/names";

/**
 * The run and step lifecycle as the Inngest middleware sees it. Handlers are replayed on every
 * request of a run, so each write is keyed (run id, hashed step id) and guarded by the current
 * status: replays and duplicate requests change nothing, and a cancelled or finished task is
 * never moved back to running.
 */
export interface LedgerTask {
  id: string;
  ownerId: string | null;
  status: string;
  cancelRequested: boolean;
}

export interface RunInfo {
  runId: string;
  functionId: string;
  functionName: string;
  eventName: string;
  eventId?: string;
  eventData: Record<string, unknown>;
  attempt: number;
}

function kindOf(run: RunInfo): TaskKind {
  return run.eventName === RUN_EVENT.functionInvoked ? "workflow" : "job";
}

function inputOf(data: Record<string, unknown>): Record<string, unknown> {
  const { [LEDGER_TASK_KEY]: _task, [LEDGER_PARENT_KEY]: _parent, _inngest: _internal, ...rest } = data;
  return rest;
}

async function attachOrCreate(run: RunInfo, now: Date): Promise<LedgerTask> {
  const linked = run.eventData[LEDGER_TASK_KEY];
  if (typeof linked === "string") {
    const attached = await attachRunToTaskById({
      id: linked,
      runId: run.runId,
      functionId: run.functionId,
      eventId: run.eventId ?? null,
      eventName: run.eventName,
    });
    if (attached) return getLedgerTaskById({ id: linked });
  }
  const parentId =
    typeof run.eventData[LEDGER_PARENT_KEY] === "string" ? (run.eventData[LEDGER_PARENT_KEY] as string) : null;
  const parent = parentId ? await getTaskParentById({ id: parentId }) : null;
  const task = await insertLedgerTask({
    kind: kindOf(run),
    title: run.functionName,
    status: "queued",
    input: toStoredJson(inputOf(run.eventData)),
    functionId: run.functionId,
    runId: run.runId,
    eventId: run.eventId ?? null,
    eventName: run.eventName,
    parentId: parent?.id ?? null,
    ownerId: parent?.ownerId ?? null,
    agentId: parent?.agentId ?? null,
    createdAt: now,
  });
  publishTask(task, "created");
  return task;
}

/** Called at the start of every request of a run: finds or creates its task and marks it running. */
export async function openRun(run: RunInfo): Promise<LedgerTask> {
  const now = new Date();
  let task = await getLedgerTaskByRunId({ runId: run.runId });
  if (!task) {
    try {
      task = await attachOrCreate(run, now);
    } catch (err) {
      // Two requests of the same run (parallel steps) raced to create it: use the winner's row.
      if (!isUniqueViolation(err)) throw err;
      task = await getLedgerTaskByRunId({ runId: run.runId });
      if (!task) throw err;
    }
  }
  if (task.status === "queued" || task.status === "waiting") {
    if (await startTaskRunById({ id: task.id, attempt: run.attempt, at: now })) {
      task = { ...task, status: "running" };
      publishTask(task, "status");
    }
  }
  return task;
}

export async function isCancelRequested(taskId: string): Promise<boolean> {
  return isCancelRequestedById({ id: taskId });
}

export interface StepRef {
  stepId: string;
  name: string;
  type: string;
}

export async function stepStarted(task: LedgerTask, step: StepRef, attempt: number, at = new Date()): Promise<void> {
  const seq = await countTaskStepsByTask({ taskId: task.id });
  await upsertRunningStep({ taskId: task.id, stepId: step.stepId, name: step.name, type: step.type, seq, attempt, at });
  publishTask({ id: task.id, ownerId: task.ownerId }, "step");
}

export async function stepFinished(
  task: LedgerTask,
  stepId: string,
  outcome: { ok: true } | { ok: false; error: unknown; final: boolean },
  startedAt?: Date,
): Promise<void> {
  const now = new Date();
  const row = await getStepStartByKey({ taskId: task.id, stepId });
  if (!row) return;
  const durationMs = Math.max(0, now.getTime() - (startedAt ?? row.startedAt).getTime());
  await updateStepByKey({
    taskId: task.id,
    stepId,
    data: outcome.ok
      ? { status: "succeeded", finishedAt: now, durationMs, error: null }
      : { status: outcome.final ? "failed" : "running", finishedAt: now, durationMs, error: errorText(outcome.error) },
  });
  publishTask({ id: task.id, ownerId: task.ownerId }, "step");
}

/** A fresh sleep, waitForEvent or invoke: the run pauses until the backend calls again. */
export async function stepWaiting(task: LedgerTask, step: StepRef): Promise<void> {
  const seq = await countTaskStepsByTask({ taskId: task.id });
  await insertWaitingStepUnlessExists({ taskId: task.id, stepId: step.stepId, name: step.name, type: step.type, seq });
  if (await updateTaskStatusById({ id: task.id, from: ["running"], to: "waiting" }))
    publishTask({ id: task.id, ownerId: task.ownerId, status: "waiting" }, "status");
}

/**
 * Steps the backend has resolved since they started or began waiting (they arrive memoised on a
 * later request): a sleep that woke, an event that came, a step whose outcome this process missed.
 */
export async function stepsResolved(task: LedgerTask, resolved: { ok: string[]; failed: string[] }): Promise<void> {
  const ids = [...resolved.ok, ...resolved.failed];
  if (ids.length === 0) return;
  const now = new Date();
  const rows = await listOpenStepsByIds({ taskId: task.id, stepIds: ids });
  const failed = new Set(resolved.failed);
  for (const row of rows) {
    await updateStepById({
      id: row.id,
      data: {
        status: failed.has(row.stepId) ? "failed" : "succeeded",
        finishedAt: now,
        durationMs: now.getTime() - row.startedAt.getTime(),
      },
    });
  }
  if (rows.length > 0) publishTask({ id: task.id, ownerId: task.ownerId }, "step");
}

export async function runCompleted(task: LedgerTask, output: unknown): Promise<void> {
  const moved = await updateActiveTaskById({
    id: task.id,
    data: { status: "succeeded", output: toStoredJson(output), progress: 100, finishedAt: new Date(), error: null },
  });
  if (moved) publishTask({ id: task.id, ownerId: task.ownerId, status: "succeeded", progress: 100 }, "status");
}

export async function runErrored(task: LedgerTask, error: unknown, final: boolean, attempt: number): Promise<void> {
  const moved = await updateActiveTaskById({
    id: task.id,
    data: final
      ? { status: "failed", error: errorText(error), finishedAt: new Date(), attempt }
      : { error: errorText(error), attempt: attempt + 1 },
  });
  if (moved && final) publishTask({ id: task.id, ownerId: task.ownerId, status: "failed" }, "status");
}

/**
 * The backend ended a run without the SDK seeing it end (cancelOn, a cancelled parent, or an app
 * that stayed down until the attempts ran out): close its task from the inngest/function.* event.
 */
export async function runEndedByBackend(
  runId: string,
  status: "failed" | "cancelled",
  error: unknown,
): Promise<boolean> {
  const task = await getLedgerTaskByRunId({ runId });
  if (!task) return false;
  const moved = await updateActiveTaskById({
    id: task.id,
    data: {
      status,
      error: errorText(error ?? (status === "cancelled" ? "The run was cancelled." : "The run failed.")),
      finishedAt: new Date(),
    },
  });
  await endOpenStepsByTask({ taskId: task.id, status, at: new Date() });
  if (moved) publishTask({ ...task, status }, "status");
  return moved;
}
