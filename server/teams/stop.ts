import "server-only";
import { AppError } from "@/lib/errors";
import type { Viewer } from "@/server/agents/access";
import { cancelTask } from "@/server/tasks/actions";
import { getTaskById } from "@/server/tasks/store/tasks";
import { isFinished } from "@/lib/tasks/constants";
import { finishTeamRun } from "@/server/teams/turns";
import { FINISHED_STATUSES } from "@/server/teams/runs";
import { getUnfinishedTeamRunBySession } from "@/server/teams/store";

const activeRun = (sessionId: string) => getUnfinishedTeamRunBySession({ sessionId, finished: FINISHED_STATUSES });

/**
 * A run whose task ended without the run closing itself (cancelled on the Tasks page, or its
 * process lost for good) is closed here, so the session can take a new goal.
 */
export async function reconcileTeamRun(sessionId: string): Promise<void> {
  const run = await activeRun(sessionId);
  if (!run?.taskId) return;
  const task = await getTaskById({ id: run.taskId });
  if (!task || !isFinished(task.status)) return;
  if (task.status === "cancelled")
    await finishTeamRun(run.id, { next: "finish", status: "stopped", reason: "Stopped by the user.", error: null });
  else
    await finishTeamRun(run.id, {
      next: "finish",
      status: "failed",
      reason: null,
      error: task.error ?? "The team's task ended unexpectedly.",
    });
}

/** Stop: the run's task is cancelled (the turn in flight finishes, nothing after it starts). */
export async function stopTeamRun(input: { viewer: Viewer; sessionId: string }): Promise<void> {
  const run = await activeRun(input.sessionId);
  if (!run || run.userId !== input.viewer.id)
    throw new AppError("CONFLICT", "The team is not working on anything in this chat.");
  if (run.taskId) {
    await cancelTask({ viewer: input.viewer, id: run.taskId }).catch((err: unknown) => {
      // Already finished: the run closes itself.
      if (!(err instanceof AppError && err.code === "CONFLICT")) throw err;
    });
  }
  await reconcileTeamRun(input.sessionId);
}
