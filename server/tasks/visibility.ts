import { NotFoundError } from "@/lib/errors";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

export interface TaskViewer {
  id: string;
  role: "admin" | "user";
}

/** Admins see every task; others only their own (ownerless system work is admin-only). */
export function visibleTo(viewer: TaskViewer): Prisma.TaskWhereInput {
  return viewer.role === "admin" ? {} : { ownerId: viewer.id };
}

/** Another user's task is "not found", not "forbidden": ids of other people's work stay private. */
export async function getVisibleTaskOrThrow(viewer: TaskViewer, id: string) {
  const task = await db.task.findFirst({ where: { id, ...visibleTo(viewer) } });
  if (!task) throw new NotFoundError("That task");
  return task;
}
