import type { Job } from "@/server/generated/prisma/client";
import type { BuiltinKey, JobTrigger, JobType, ParsedJobInput } from "@/lib/automation/job-schema";

/** A job as the app uses it: the trigger and JSON columns decoded. */
export interface JobView {
  id: string;
  name: string;
  description: string;
  type: JobType;
  builtinKey: BuiltinKey | null;
  system: boolean;
  trigger: JobTrigger;
  params: Record<string, unknown>;
  retries: number;
  timeoutSeconds: number;
  concurrency: "skip" | "parallel";
  maxParallel: number;
  enabled: boolean;
  dependsOn: string[];
  ownerId: string | null;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastStatus: string | null;
  lastMessage: string | null;
  lastDurationMs: number | null;
  lastTaskId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function triggerOf(
  row: Pick<Job, "triggerType" | "cron" | "timeZone" | "intervalSeconds" | "eventName" | "eventFilter">,
): JobTrigger {
  switch (row.triggerType) {
    case "cron":
      return { type: "cron", cron: row.cron ?? "", timeZone: row.timeZone };
    case "interval":
      return { type: "interval", seconds: row.intervalSeconds ?? 60 };
    case "event":
      return { type: "event", event: row.eventName ?? "", ...(row.eventFilter ? { filter: row.eventFilter } : {}) };
    default:
      return { type: "manual" };
  }
}

export function toView(row: Job): JobView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type as JobType,
    builtinKey: (row.builtinKey as BuiltinKey | null) ?? null,
    system: row.system,
    trigger: triggerOf(row),
    params: json<Record<string, unknown>>(row.params, {}),
    retries: row.retries,
    timeoutSeconds: row.timeoutSeconds,
    concurrency: row.concurrency === "parallel" ? "parallel" : "skip",
    maxParallel: row.maxParallel,
    enabled: row.enabled,
    dependsOn: json<string[]>(row.dependsOn, []),
    ownerId: row.ownerId,
    nextRunAt: row.nextRunAt,
    lastRunAt: row.lastRunAt,
    lastStatus: row.lastStatus,
    lastMessage: row.lastMessage,
    lastDurationMs: row.lastDurationMs,
    lastTaskId: row.lastTaskId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns an input writes (schedule bookkeeping is set by the caller). */
export function toColumns(input: ParsedJobInput, params: Record<string, unknown>) {
  const t = input.trigger;
  return {
    name: input.name,
    description: input.description,
    type: input.type,
    builtinKey: input.type === "builtin" ? (input.builtinKey ?? null) : null,
    triggerType: t.type,
    cron: t.type === "cron" ? t.cron : null,
    timeZone: t.type === "cron" ? t.timeZone : "UTC",
    intervalSeconds: t.type === "interval" ? t.seconds : null,
    eventName: t.type === "event" ? t.event : null,
    eventFilter: t.type === "event" && t.filter ? t.filter : null,
    params: JSON.stringify(params),
    retries: input.retries,
    timeoutSeconds: input.timeoutSeconds,
    concurrency: input.concurrency,
    maxParallel: input.concurrency === "skip" ? 1 : input.maxParallel,
    enabled: input.enabled,
    dependsOn: JSON.stringify([...new Set(input.dependsOn)]),
  };
}

/** The portable form of a job (export/import, duplicate): no ids of this installation. */
export function toInput(job: JobView, dependsOnNames: string[] = []): ParsedJobInput & { dependsOnNames: string[] } {
  return {
    name: job.name,
    description: job.description,
    type: job.type,
    ...(job.builtinKey ? { builtinKey: job.builtinKey } : {}),
    params: job.params,
    trigger: job.trigger,
    retries: job.retries,
    timeoutSeconds: job.timeoutSeconds,
    concurrency: job.concurrency,
    maxParallel: job.maxParallel,
    enabled: job.enabled,
    dependsOn: [],
    dependsOnNames,
  };
}
