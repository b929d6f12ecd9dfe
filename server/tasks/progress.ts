import { currentContext } from "@/server/request-context";
import { storeArtifact } from "@/server/tasks/artifacts";
import { publishTask } from "@/server/tasks/publish";
import { getTaskOwnerByIdOrRunId, updateTaskById } from "@/server/tasks/store/tasks";

/** Anything that names the run: the handler's ctx (has runId), or nothing inside a step (context). */
type RunRef = { runId?: string } | object | undefined;

async function taskOf(ref: RunRef): Promise<{ id: string; ownerId: string | null } | null> {
  const fromContext = currentContext()?.taskId;
  if (fromContext) return getTaskOwnerByIdOrRunId({ id: fromContext });
  const runId = ref && "runId" in ref && typeof ref.runId === "string" ? ref.runId : null;
  return runId ? getTaskOwnerByIdOrRunId({ runId }) : null;
}

/**
 * A function's progress, shown on the Tasks page: `reportProgress(ctx, 40, "Indexed 4 of 10")`.
 * Call it inside step.run (or pass ctx) so replays do not report again. Returns false outside a task.
 */
export async function reportProgress(ref: RunRef, percent: number, message?: string): Promise<boolean> {
  const task = await taskOf(ref);
  if (!task) return false;
  const progress = Math.max(0, Math.min(100, Math.round(Number.isFinite(percent) ? percent : 0)));
  const progressMessage = message?.slice(0, 500) ?? null;
  await updateTaskById({ id: task.id, data: { progress, progressMessage } });
  publishTask({ ...task, progress, progressMessage }, "progress");
  return true;
}

/** Saves a file the run produced as an artifact of its task (downloadable from the Tasks page). */
export async function saveArtifact(ref: RunRef, file: { name: string; mime?: string; data: Buffer | string }) {
  const task = await taskOf(ref);
  if (!task) throw new Error("saveArtifact was called outside a task's run.");
  return storeArtifact({ taskId: task.id, ...file });
}
