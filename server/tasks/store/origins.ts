import { ACTIVE_STATUSES } from "@/lib/tasks/constants";
import { db } from "@/server/db";

/**
 * Tasks by the origin that started them (originType "job" and a job's id for the Automation page,
 * a chat, a document…).
 */

type Origin = { originType: string; originId: string };

/** The newest tasks of an origin in the owner scope (undefined: everyone's), with their timings. */
export async function listTasksByOrigin({
  originType,
  originId,
  ownerId,
  limit,
}: Origin & { ownerId?: string; limit: number }) {
  return db.task.findMany({
    where: { ownerId, originType, originId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      progress: true,
      progressMessage: true,
      error: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
  });
}

export async function countTasksByOrigin({ originType, originId }: Origin): Promise<number> {
  return db.task.count({ where: { originType, originId } });
}

export async function countActiveTasksByOrigin({ originType, originId }: Origin): Promise<number> {
  return db.task.count({ where: { originType, originId, status: { in: [...ACTIVE_STATUSES] } } });
}

/** The status of the newest task the origin started after `since`, or null when it started none. */
export async function getLatestTaskStatusByOriginSince({
  originType,
  originId,
  since,
}: Origin & { since: Date }): Promise<string | null> {
  const last = await db.task.findFirst({
    where: { originType, originId, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    select: { status: true },
  });
  return last?.status ?? null;
}

/** The origin's succeeded tasks after the newest `skip`, newest first. */
export async function listSucceededTasksByOrigin({ originType, originId, skip }: Origin & { skip: number }) {
  return db.task.findMany({
    where: { originType, originId, status: "succeeded" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    select: { id: true, ownerId: true },
  });
}

/** How each task went: its status, error and timings. */
export async function listTaskOutcomesByIds({ ids }: { ids: string[] }) {
  return db.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, error: true, createdAt: true, startedAt: true, finishedAt: true },
  });
}
