import { AppError } from "@/lib/errors";
import { logger } from "@/server/logger";
import { isFinished, type TaskKind, type TaskPriority } from "@/lib/tasks/constants";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";
import { removeArtifactFiles } from "@/server/tasks/artifacts";
import { fromStoredJson } from "@/server/tasks/json";
import { publishTask } from "@/server/tasks/publish";
import {
  cancelActiveTasksByIds,
  deleteTasksByIds,
  listActiveChildTaskIds,
  listFinishedTasksByOwner,
  listTaskRunsByIds,
} from "@/server/tasks/store/tasks";
import { getVisibleTaskOrThrow, ownerScope, type TaskViewer } from "@/server/tasks/visibility";
import { RUN_EVENT_PREFIX } from "@/inngest/events/names";

export type StopRuns = (runIds: string[]) => Promise<void>;

/** The embedded executor ends a sleeping or waiting run at once; a real Inngest server cannot be asked here. */
const stopRunsInEmbeddedExecutor: StopRuns = async (runIds) => {
  const { embeddedExecutor } = await import("@/server/executor/runtime");
  const executor = embeddedExecutor();
  if (executor) for (const id of runIds) executor.cancel(id);
};

/**
 * Cancel marks the task (and its unfinished children) cancelled at once. The middleware stops
 * the run at its next step boundary whichever backend runs it; the embedded executor also ends a
 * sleeping or waiting run right away.
 */
export async function cancelTask(
  q: { viewer: TaskViewer; id: string },
  stopRuns: StopRuns = stopRunsInEmbeddedExecutor,
) {
  const task = await getVisibleTaskOrThrow(q.viewer, q.id);
  if (isFinished(task.status))
    throw new AppError("CONFLICT", `This task has already ${task.status === "succeeded" ? "succeeded" : task.status}.`);
  const ids = [task.id, ...(await activeDescendants(task.id))];
  await cancelActiveTasksByIds({ ids, at: new Date() });
  const rows = await listTaskRunsByIds({ ids });
  for (const row of rows) publishTask(row, "status");
  const runIds = rows.flatMap((r) => (r.runId ? [r.runId] : []));
  if (runIds.length > 0) {
    await stopRuns(runIds).catch((err: unknown) => {
      logger.warn("tasks", "The backend could not cancel the run now; it stops at its next step", {
        error: err instanceof Error ? err : new Error(String(err)),
      });
    });
  }
  return { cancelled: rows.filter((r) => r.status === "cancelled").length };
}

async function activeDescendants(id: string): Promise<string[]> {
  const found: string[] = [];
  let frontier = [id];
  for (let depth = 0; depth < 10 && frontier.length > 0; depth++) {
    frontier = await listActiveChildTaskIds({ parentIds: frontier });
    found.push(...frontier);
  }
  return found;
}

/** A new run with the same inputs, linked to this task; only for runs started by an app event. */
export async function retryTask(q: { viewer: TaskViewer; id: string }, send: SendEvent = sendWithInngest) {
  const task = await getVisibleTaskOrThrow(q.viewer, q.id);
  if (!isFinished(task.status))
    throw new AppError("CONFLICT", "This task is still running: cancel it first or wait for it to finish.");
  if (!task.eventName || task.eventName.startsWith(RUN_EVENT_PREFIX)) {
    throw new AppError(
      "BAD_REQUEST",
      "This task was started by a schedule or by another task, so it cannot be retried on its own: run its job or its parent again.",
    );
  }
  const input = fromStoredJson(task.input);
  const data = input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (data.truncated === true)
    throw new AppError("BAD_REQUEST", "This task's inputs were too large to keep, so it cannot be retried.");
  return enqueueTask(
    {
      kind: task.kind as TaskKind,
      title: task.title,
      eventName: task.eventName,
      data,
      ownerId: task.ownerId,
      priority: task.priority as TaskPriority,
      agentId: task.agentId,
      originType: task.originType,
      originId: task.originId,
      parentId: task.parentId,
      retryOfId: task.id,
    },
    send,
  );
}

/** Deletes finished tasks (all of the viewer's, or the given ones); running work is never deleted. */
export async function deleteFinishedTasks(q: { viewer: TaskViewer; ids?: string[] }) {
  const rows = await listFinishedTasksByOwner({ ownerId: ownerScope(q.viewer), ids: q.ids });
  if (rows.length === 0) return { deleted: 0 };
  await deleteTasksByIds({ ids: rows.map((r) => r.id) });
  await removeArtifactFiles(rows.map((r) => r.id));
  for (const row of rows) publishTask(row, "deleted");
  return { deleted: rows.length };
}
