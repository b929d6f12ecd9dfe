import {
  BUILTIN_KEYS,
  type BuiltinKey,
  jobInputSchema,
  type JobTrigger,
  type TriggerType,
} from "@/lib/automation/job-schema";
import type { JobRow } from "@/components/automation/format";

/** The create/edit form's fields, as text where the user types. */
export interface JobFormState {
  name: string;
  description: string;
  type: "builtin" | "agent";
  builtinKey: BuiltinKey;
  triggerType: TriggerType;
  cron: string;
  timeZone: string;
  intervalSeconds: string;
  event: string;
  filter: string;
  params: string;
  retries: string;
  timeoutSeconds: string;
  concurrency: "skip" | "parallel";
  maxParallel: string;
  enabled: boolean;
  dependsOn: string[];
}

export function emptyForm(isAdmin: boolean): JobFormState {
  return {
    name: "",
    description: "",
    type: isAdmin ? "builtin" : "agent",
    builtinKey: BUILTIN_KEYS[0],
    triggerType: "cron",
    cron: "0 * * * *",
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    intervalSeconds: "300",
    event: "app/",
    filter: "",
    params: isAdmin ? "{}" : '{\n  "prompt": ""\n}',
    retries: "0",
    timeoutSeconds: "600",
    concurrency: "skip",
    maxParallel: "2",
    enabled: true,
    dependsOn: [],
  };
}

export function formFromJob(job: JobRow): JobFormState {
  const t = job.trigger;
  return {
    ...emptyForm(true),
    name: job.name,
    description: job.description,
    type: job.type === "agent" ? "agent" : "builtin",
    builtinKey: job.builtinKey ?? BUILTIN_KEYS[0],
    triggerType: t.type,
    ...(t.type === "cron" ? { cron: t.cron, timeZone: t.timeZone } : {}),
    ...(t.type === "interval" ? { intervalSeconds: String(t.seconds) } : {}),
    ...(t.type === "event" ? { event: t.event, filter: t.filter ?? "" } : {}),
    params: JSON.stringify(job.params, null, 2),
    retries: String(job.retries),
    timeoutSeconds: String(job.timeoutSeconds),
    concurrency: job.concurrency,
    maxParallel: String(job.maxParallel),
    enabled: job.enabled,
    dependsOn: job.dependsOn,
  };
}

export function triggerOfForm(f: JobFormState): JobTrigger {
  switch (f.triggerType) {
    case "cron":
      return { type: "cron", cron: f.cron.trim(), timeZone: f.timeZone.trim() };
    case "interval":
      return { type: "interval", seconds: Number(f.intervalSeconds) };
    case "event":
      return { type: "event", event: f.event.trim(), ...(f.filter.trim() ? { filter: f.filter.trim() } : {}) };
    default:
      return { type: "manual" };
  }
}

export type FormErrors = Partial<Record<string, string>>;

/** The request body, or the errors per field (same zod schema as the server). */
export function formToInput(f: JobFormState): { input: Record<string, unknown> } | { errors: FormErrors } {
  let params: unknown;
  try {
    params = JSON.parse(f.params || "{}");
  } catch {
    return { errors: { params: "The parameters are not valid JSON." } };
  }
  const input = {
    name: f.name,
    description: f.description,
    type: f.type,
    ...(f.type === "builtin" ? { builtinKey: f.builtinKey } : {}),
    params,
    trigger: triggerOfForm(f),
    retries: Number(f.retries),
    timeoutSeconds: Number(f.timeoutSeconds),
    concurrency: f.concurrency,
    maxParallel: Number(f.maxParallel),
    enabled: f.enabled,
    dependsOn: f.dependsOn,
  };
  const parsed = jobInputSchema.safeParse(input);
  if (parsed.success) return { input };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] === "trigger" ? "trigger" : String(issue.path[0] ?? "form");
    errors[key] ??=
      issue.path[0] === "params" && issue.path.length > 1
        ? `${issue.path.slice(1).join(".")}: ${issue.message}`
        : issue.message;
  }
  return { errors };
}
