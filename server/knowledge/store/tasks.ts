import "server-only";
import { ACTIVE_STATUSES } from "@/lib/tasks/constants";
import { db } from "@/server/db";

/** The knowledge base's own tasks (ingests, re-embeds) as the Task table (tasks) records them. */

// reads Task (tasks)
/** The newest running or queued task an event started for an origin (a namespace's re-embed). */
export async function getActiveTaskByEvent({ eventName, originId }: { eventName: string; originId: string }) {
  return db.task.findFirst({
    where: { eventName, originId, status: { in: [...ACTIVE_STATUSES] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, progress: true, progressMessage: true, title: true, createdAt: true },
  });
}

// reads Task (tasks)
/** The newest task an event started for an origin, running or finished. */
export async function getLatestTaskByEvent({ eventName, originId }: { eventName: string; originId: string }) {
  return db.task.findFirst({
    where: { eventName, originId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      status: true,
      progress: true,
      progressMessage: true,
      error: true,
      title: true,
      createdAt: true,
      finishedAt: true,
    },
  });
}

// reads Task (tasks)
/** Ingest tasks among the ids, only the owner's unless `ownerId` is undefined (an admin). */
export async function listIngestTasksByIds({ ids, ownerId }: { ids: string[]; ownerId?: string }) {
  return db.task.findMany({
    where: { id: { in: ids }, kind: "ingest", ...(ownerId !== undefined ? { ownerId } : {}) },
    select: { id: true, status: true, progress: true, progressMessage: true, error: true, input: true },
  });
}
