import "server-only";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

/**
 * Team and TeamRun. `viewerId` scopes team reads to what one user sees: the built-in teams and
 * the ones they created; left undefined, every team (an admin).
 */
function visibleTo(viewerId: string | undefined): Prisma.TeamWhereInput {
  return viewerId === undefined ? {} : { OR: [{ builtin: true }, { createdBy: viewerId }] };
}

export async function getTeamById({ id }: { id: string }) {
  return db.team.findUnique({ where: { id } });
}

export async function getVisibleTeamById({ id, viewerId }: { id: string; viewerId?: string }) {
  return db.team.findFirst({ where: { AND: [{ id }, visibleTo(viewerId)] } });
}

export async function listVisibleTeams({ viewerId }: { viewerId?: string }) {
  return db.team.findMany({ where: visibleTo(viewerId), orderBy: [{ builtin: "desc" }, { name: "asc" }] });
}

export async function getTeamIdByBuiltinKey({ builtinKey }: { builtinKey: string }): Promise<string | null> {
  return (await db.team.findUnique({ where: { builtinKey }, select: { id: true } }))?.id ?? null;
}

export async function getTeamIdByName({ name }: { name: string }): Promise<string | null> {
  return (await db.team.findUnique({ where: { name }, select: { id: true } }))?.id ?? null;
}

export async function insertTeam(data: Prisma.TeamUncheckedCreateInput) {
  return db.team.create({ data });
}

export async function updateTeamById({ id, data }: { id: string; data: Prisma.TeamUncheckedUpdateInput }) {
  return db.team.update({ where: { id }, data });
}

export async function deleteTeamById({ id }: { id: string }): Promise<void> {
  await db.team.delete({ where: { id } });
}

export async function getTeamRunById({ id }: { id: string }) {
  return db.teamRun.findUnique({ where: { id } });
}

/** The newest run of the user's session, with its team's name. */
export async function getLatestTeamRunBySession({ sessionId, userId }: { sessionId: string; userId: string }) {
  return db.teamRun.findFirst({
    where: { sessionId, userId },
    orderBy: { createdAt: "desc" },
    include: { team: { select: { name: true } } },
  });
}

/** The newest run of the session whose status is none of `finished`. */
export async function getUnfinishedTeamRunBySession({
  sessionId,
  finished,
}: {
  sessionId: string;
  finished: string[];
}) {
  return db.teamRun.findFirst({ where: { sessionId, status: { notIn: finished } }, orderBy: { createdAt: "desc" } });
}

export async function insertTeamRun(data: {
  teamId: string;
  sessionId: string;
  userId: string;
  promptId: string | null;
  goal: string;
}) {
  return db.teamRun.create({ data });
}

export async function updateTeamRunById({ id, data }: { id: string; data: Prisma.TeamRunUncheckedUpdateInput }) {
  return db.teamRun.update({ where: { id }, data });
}

// writes ChatSession (chat): the chat domain has no write for a session's team.
/** Which team answers in the session (null: none). */
export async function updateChatSessionTeamById({ id, teamId }: { id: string; teamId: string | null }) {
  await db.chatSession.update({ where: { id }, data: { teamId } });
}
