import "server-only";
import { NotFoundError } from "@/lib/errors";
import { eventBus } from "@/server/events";
import { reportProgress } from "@/server/tasks/progress";
import type { TeamRun } from "@/server/generated/prisma/client";
import { type PlanStep, parseStoredPlan } from "@/server/teams/plan";
import { getLatestTeamRunBySession, getTeamRunById, updateTeamRunById } from "@/server/teams/store";

export type TeamRunStatus = "queued" | "running" | "succeeded" | "stopped" | "failed";
export const FINISHED_STATUSES: TeamRunStatus[] = ["succeeded", "stopped", "failed"];

/** The key the chat page listens for on the `progress` topic. */
export const teamProgressKey = (sessionId: string) => `team:${sessionId}`;

export function toTeamRunView(run: TeamRun & { team?: { name: string } | null }) {
  return {
    id: run.id,
    teamId: run.teamId,
    teamName: run.team?.name ?? null,
    sessionId: run.sessionId,
    taskId: run.taskId,
    goal: run.goal,
    plan: parseStoredPlan(run.plan),
    round: run.round,
    status: run.status as TeamRunStatus,
    stopReason: run.stopReason,
    error: run.error,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    createdAt: run.createdAt,
  };
}
export type TeamRunView = ReturnType<typeof toTeamRunView>;

export async function getTeamRunOrThrow(id: string): Promise<TeamRun> {
  const run = await getTeamRunById({ id });
  if (!run) throw new NotFoundError("That team run");
  return run;
}

/** The newest run of a session the user owns (the checklist shows it), or null. */
export async function latestTeamRun(input: { sessionId: string; userId: string }) {
  const run = await getLatestTeamRunBySession(input);
  return run ? toTeamRunView(run) : null;
}

function percentOf(run: Pick<TeamRun, "status"> & { plan?: string }): number {
  if (FINISHED_STATUSES.includes(run.status as TeamRunStatus)) return 100;
  const plan = run.plan ? parseStoredPlan(run.plan) : [];
  const finished = plan.filter((s) => s.status !== "pending" && s.status !== "running").length;
  return plan.length ? Math.round((finished / plan.length) * 100) : 0;
}

/** Tells the session's page that the run moved (a step, a message, the end). */
export function publishTeamRun(
  run: Pick<TeamRun, "sessionId" | "userId" | "status"> & { plan?: string },
  message: string,
): void {
  const done = FINISHED_STATUSES.includes(run.status as TeamRunStatus);
  eventBus.publish(
    "progress",
    { key: teamProgressKey(run.sessionId), percent: percentOf(run), message, done },
    { userId: run.userId },
  );
}

export async function updateTeamRun(
  id: string,
  data: {
    plan?: PlanStep[];
    round?: number;
    status?: TeamRunStatus;
    stopReason?: string | null;
    error?: string | null;
    startedAt?: Date;
    finishedAt?: Date;
  },
  message: string,
) {
  const { plan, ...rest } = data;
  const run = await updateTeamRunById({ id, data: { ...rest, ...(plan ? { plan: JSON.stringify(plan) } : {}) } });
  publishTeamRun(run, message);
  // Inside the run's steps this is also the task's progress on the Tasks page (a no-op elsewhere).
  await reportProgress(undefined, percentOf(run), message);
  return run;
}

/** Sets one step's status (and result) in the stored plan. */
export async function setStepStatus(
  id: string,
  stepId: string,
  status: PlanStep["status"],
  result: string | null = null,
) {
  const run = await getTeamRunOrThrow(id);
  const plan = parseStoredPlan(run.plan).map((s) =>
    s.id === stepId ? { ...s, status, ...(result !== null ? { result } : {}) } : s,
  );
  return updateTeamRun(id, { plan }, `Step ${stepId} ${status}`);
}
