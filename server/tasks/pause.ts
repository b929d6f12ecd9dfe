import { AppError } from "@/lib/errors";
import { publishTask } from "@/server/tasks/publish";
import { countWaitingStepsByTask } from "@/server/tasks/store/steps";
import { updateTaskStatusById } from "@/server/tasks/store/tasks";
import { getVisibleTaskOrThrow, type TaskViewer } from "@/server/tasks/visibility";

/** What holds a run between steps: the embedded executor (a real Inngest server offers no such call). */
export interface RunPauser {
  pause(runId: string): boolean;
  resume(runId: string): boolean;
}

const EXTERNAL =
  "Pause needs the embedded executor: this app runs its functions on an external Inngest server, which cannot hold a run between steps from here. Cancel the task and retry it later instead.";

async function embeddedPauser(): Promise<RunPauser | null> {
  const { embeddedExecutor } = await import("@/server/executor/runtime");
  return embeddedExecutor();
}

/**
 * Pauses a task's run between steps: the step in flight finishes and is kept, nothing after it
 * starts until resumed (the hold lives in the executor's database, so it survives a restart).
 */
export async function pauseTask(q: { viewer: TaskViewer; id: string }, pauser?: RunPauser | null) {
  const task = await getVisibleTaskOrThrow(q.viewer, q.id);
  if (task.status === "paused") throw new AppError("CONFLICT", "This task is already paused.");
  if (!["queued", "running", "waiting"].includes(task.status))
    throw new AppError("CONFLICT", `This task has already ${task.status === "succeeded" ? "succeeded" : task.status}.`);
  if (!task.runId)
    throw new AppError("CONFLICT", "This task's run has not started yet: pause it once it runs, or cancel it.");
  const control = pauser === undefined ? await embeddedPauser() : pauser;
  if (!control) throw new AppError("PRECONDITION_FAILED", EXTERNAL);
  if (!control.pause(task.runId)) throw new AppError("CONFLICT", "This task's run has already ended.");
  const moved = await updateTaskStatusById({ id: task.id, from: ["queued", "running", "waiting"], to: "paused" });
  if (!moved) {
    // The run ended between the two reads: let it be what it became.
    control.resume(task.runId);
    throw new AppError("CONFLICT", "This task finished while it was being paused.");
  }
  publishTask({ id: task.id, ownerId: task.ownerId, status: "paused" }, "status");
  return { id: task.id, status: "paused" as const };
}

/** Lets a paused task go on from where it stopped. */
export async function resumeTask(q: { viewer: TaskViewer; id: string }, pauser?: RunPauser | null) {
  const task = await getVisibleTaskOrThrow(q.viewer, q.id);
  if (task.status !== "paused" || !task.runId) throw new AppError("CONFLICT", "This task is not paused.");
  const control = pauser === undefined ? await embeddedPauser() : pauser;
  if (!control) throw new AppError("PRECONDITION_FAILED", EXTERNAL);
  // A wait still open shows as waiting; otherwise the run goes on with its next step.
  const waiting = await countWaitingStepsByTask({ taskId: task.id });
  const status = waiting > 0 ? "waiting" : task.startedAt ? "running" : "queued";
  await updateTaskStatusById({ id: task.id, from: ["paused"], to: status });
  control.resume(task.runId);
  publishTask({ id: task.id, ownerId: task.ownerId, status }, "status");
  return { id: task.id, status };
}
