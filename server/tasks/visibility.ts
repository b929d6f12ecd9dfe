import { NotFoundError } from "@/lib/errors";
import { getTaskById } from "@/server/tasks/store/tasks";

export interface TaskViewer {
  id: string;
  role: "admin" | "user";
}

/** Admins see every task (undefined: no owner filter); others only their own (ownerless system work is admin-only). */
export function ownerScope(viewer: TaskViewer): string | undefined {
  return viewer.role === "admin" ? undefined : viewer.id;
}

/** Another user's task is "not found", not "forbidden": ids of other people's work stay private. */
export async function getVisibleTaskOrThrow(viewer: TaskViewer, id: string) {
  const task = await getTaskById({ id, ownerId: ownerScope(viewer) });
  if (!task) throw new NotFoundError("That task");
  return task;
}
