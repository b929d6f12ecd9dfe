/** The ledger's vocabulary (PRODUCT.md "One ledger of work"); safe to import from client code. */
export const TASK_KINDS = [
  "chat",
  "agent",
  "workflow",
  "job",
  "ingest",
  "mail",
  "file",
  "diagnostic",
  "manual",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ["queued", "running", "waiting", "paused", "succeeded", "failed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const FINISHED_STATUSES = ["succeeded", "failed", "cancelled"] as const satisfies readonly TaskStatus[];
export const ACTIVE_STATUSES = ["queued", "running", "waiting", "paused"] as const satisfies readonly TaskStatus[];

export const TASK_PRIORITIES = ["low", "normal", "high", "critical"] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const STEP_STATUSES = ["running", "waiting", "succeeded", "failed", "cancelled"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export function isFinished(status: string): boolean {
  return (FINISHED_STATUSES as readonly string[]).includes(status);
}

/** Event data key that links an Inngest run to a task created before the event was sent. */
export const LEDGER_TASK_KEY = "ledgerTaskId";
/** Event data key that links an invoked child run to its parent task. */
export const LEDGER_PARENT_KEY = "ledgerParentTaskId";
/** The function that closes tasks of runs the backend ended; not itself recorded. */
export const LEDGER_FINALIZE_FUNCTION = "task-ledger-finalize";
