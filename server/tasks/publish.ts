import { type EventMap, eventBus } from "@/server/events";

type Change = EventMap["tasks"]["change"];

/** Every ledger change goes out on the `tasks` topic, addressed to the task's owner (admins see all). */
export function publishTask(
  task: { id: string; ownerId: string | null; status?: string; progress?: number; progressMessage?: string | null },
  change: Change,
): void {
  eventBus.publish(
    "tasks",
    {
      taskId: task.id,
      change,
      ...(task.status ? { status: task.status } : {}),
      ...(task.progress !== undefined ? { progress: task.progress } : {}),
      ...(task.progressMessage !== undefined ? { message: task.progressMessage } : {}),
    },
    task.ownerId ? { userId: task.ownerId } : {},
  );
}
