import { LEDGER_TASK_KEY, type TaskKind, type TaskPriority } from "@/lib/tasks/constants";
import { errorText, toStoredJson } from "@/server/tasks/json";
import { publishTask } from "@/server/tasks/publish";
import { insertTask, updateTaskById } from "@/server/tasks/store/tasks";

export type SendEvent = (event: { name: string; data: Record<string, unknown> }) => Promise<unknown>;

/** Loaded on first use, so the tRPC router does not load the Inngest SDK until work is started. */
export const sendWithInngest: SendEvent = async (event) => {
  const { inngest } = await import("@/inngest/client");
  return inngest.send(event);
};

export interface EnqueueInput {
  kind: TaskKind;
  title: string;
  eventName: string;
  data: Record<string, unknown>;
  ownerId: string | null;
  priority?: TaskPriority;
  agentId?: string | null;
  originType?: string | null;
  originId?: string | null;
  parentId?: string | null;
  retryOfId?: string | null;
}

/**
 * Starts tracked work: the task exists (queued, with its owner and origin) before the event is
 * sent, and the middleware attaches the run to it through the event's `ledgerTaskId`.
 */
export async function enqueueTask(input: EnqueueInput, send: SendEvent = sendWithInngest) {
  const task = await insertTask({
    kind: input.kind,
    title: input.title,
    priority: input.priority ?? "normal",
    input: toStoredJson(input.data),
    eventName: input.eventName,
    ownerId: input.ownerId,
    agentId: input.agentId ?? null,
    originType: input.originType ?? null,
    originId: input.originId ?? null,
    parentId: input.parentId ?? null,
    retryOfId: input.retryOfId ?? null,
  });
  publishTask(task, "created");
  try {
    await send({ name: input.eventName, data: { ...input.data, [LEDGER_TASK_KEY]: task.id } });
  } catch (err) {
    const failed = await updateTaskById({
      id: task.id,
      data: { status: "failed", error: `The run could not be started: ${errorText(err)}`, finishedAt: new Date() },
    });
    publishTask(failed, "status");
    return failed;
  }
  return task;
}
