import "server-only";
import { AppError } from "@/lib/errors";
import type { Viewer } from "@/server/agents/access";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";
import { FINISHED_STATUSES, publishTeamRun } from "@/server/teams/runs";
import { reconcileTeamRun } from "@/server/teams/stop";
import { getUnfinishedTeamRunBySession, insertTeamRun, updateTeamRunById } from "@/server/teams/store";
import { findVisibleTeam } from "@/server/teams/teams";
import { EVENT } from "@/inngest/events/names";

export type TeamRunData = { teamRunId: string };

const GOAL_TITLE = 60;

/** Refused before the prompt is saved, so a second goal does not sit unanswered in the chat. */
export async function assertNoActiveTeamRun(sessionId: string): Promise<void> {
  await reconcileTeamRun(sessionId);
  const active = await getUnfinishedTeamRunBySession({ sessionId, finished: FINISHED_STATUSES });
  if (active)
    throw new AppError(
      "CONFLICT",
      "The team is still working on the previous goal. Wait for it to finish, or cancel its task on the Tasks page.",
    );
}

/**
 * Starts a team on a goal in a chat session: the TeamRun row (the checklist's source), then the
 * durable run as a task with origin chat (visible on the Tasks page). One run per session at a time.
 */
export async function startTeamRunForSession(
  input: { viewer: Viewer; sessionId: string; teamId: string; goal: string; promptId: string | null },
  send: SendEvent = sendWithInngest,
) {
  const team = await findVisibleTeam(input.viewer, input.teamId);
  await assertNoActiveTeamRun(input.sessionId);
  const run = await insertTeamRun({
    teamId: team.id,
    sessionId: input.sessionId,
    userId: input.viewer.id,
    promptId: input.promptId,
    goal: input.goal,
  });
  const title = input.goal.length > GOAL_TITLE ? `${input.goal.slice(0, GOAL_TITLE - 1)}…` : input.goal;
  const task = await enqueueTask(
    {
      kind: "agent",
      title: `${team.name}: ${title}`,
      eventName: EVENT.teamRun,
      data: { teamRunId: run.id },
      ownerId: input.viewer.id,
      originType: "chat",
      originId: input.sessionId,
    },
    send,
  );
  const failed = task.status === "failed";
  const updated = await updateTeamRunById({
    id: run.id,
    data: { taskId: task.id, ...(failed ? { status: "failed", error: task.error, finishedAt: new Date() } : {}) },
  });
  publishTeamRun(updated, failed ? (task.error ?? "The team could not start.") : `${team.name} is on it`);
  return updated;
}
