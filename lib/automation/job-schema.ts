import { z } from "zod";
// Event-triggered jobs listen to the app's own domain events (the dispatcher subscribes to app/*).
import { APP_EVENT_PREFIX } from "@/inngest/events/names";

/**
 * The shape of a job as the Automation page edits it, validated the same way in the browser's
 * form and at the server boundary; safe to import from client code (zod only).
 */
export const BUILTIN_KEYS = ["health_check", "log_retention", "backup", "cleanup"] as const;
export type BuiltinKey = (typeof BUILTIN_KEYS)[number];
export const JOB_TYPES = ["builtin", "agent", "workflow"] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const TRIGGER_TYPES = ["cron", "interval", "event", "manual"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** Intervals shorter than this would only load the machine; the scheduler sleeps durably between them. */
export const MIN_INTERVAL_SECONDS = 5;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const triggerSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("cron"),
    cron: z
      .string()
      .trim()
      .min(1, "Enter a cron expression, e.g. 0 3 * * *.")
      .max(120)
      .refine((c) => !/^(CRON_)?TZ=/.test(c), "Choose the time zone in its own field, not in the cron text."),
    timeZone: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine(isTimeZone, "Unknown time zone: use an IANA name such as Europe/Berlin."),
  }),
  z.object({
    type: z.literal("interval"),
    seconds: z
      .number()
      .int("The interval is a whole number of seconds.")
      .min(MIN_INTERVAL_SECONDS, `The shortest interval is ${MIN_INTERVAL_SECONDS} seconds.`)
      .max(31 * 86_400, "The longest interval is 31 days; use a cron schedule for rarer runs."),
  }),
  z.object({
    type: z.literal("event"),
    event: z
      .string()
      .trim()
      .max(120)
      .regex(/^app\/[A-Za-z0-9_.\-/]+$/, `An event name starts with "${APP_EVENT_PREFIX}", e.g. app/file.uploaded.`),
    filter: z.string().trim().max(500).optional(),
  }),
  z.object({ type: z.literal("manual") }),
]);
export type JobTrigger = z.infer<typeof triggerSchema>;

export const healthCheckParams = z
  .object({
    timeoutMs: z.number().int().min(500).max(60_000).default(5_000),
    minFreeDiskMb: z.number().int().min(0).max(10_000_000).default(1024),
  })
  .strict();
export const logRetentionParams = z.object({ days: z.number().int().min(1).max(36_500).optional() }).strict();
export const backupParams = z
  .object({ keep: z.number().int().min(1, "Keep at least one backup.").max(100).default(7) })
  .strict();
export const cleanupParams = z
  .object({ preview: z.boolean().default(false), olderThanDays: z.number().int().min(1).max(3650).default(7) })
  .strict();

export const BUILTIN_PARAMS = {
  health_check: healthCheckParams,
  log_retention: logRetentionParams,
  backup: backupParams,
  cleanup: cleanupParams,
} as const satisfies Record<BuiltinKey, z.ZodType>;

/** The contract agent jobs share with the agent-run function (event agent/run.requested). */
export const agentJobParams = z
  .object({
    prompt: z.string().trim().min(1, "Write the prompt the agent should run.").max(20_000),
    agentId: z.string().trim().min(1).max(64).optional(),
    modelId: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const name = z
  .string()
  .trim()
  .min(1, "Give the job a name.")
  .max(80, "A job name has at most 80 characters.")
  .regex(/^[\p{L}\p{N}_ .:()-]+$/u, "A job name uses letters, digits, spaces and _ . : ( ) - only.");

export const jobInputSchema = z
  .object({
    name,
    description: z.string().trim().max(500).default(""),
    type: z.enum(JOB_TYPES),
    builtinKey: z.enum(BUILTIN_KEYS).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    trigger: triggerSchema,
    retries: z.number().int().min(0).max(10, "At most 10 retries.").default(0),
    timeoutSeconds: z.number().int().min(1).max(86_400, "The longest timeout is one day.").default(600),
    concurrency: z.enum(["skip", "parallel"]).default("skip"),
    maxParallel: z.number().int().min(1).max(20).default(1),
    enabled: z.boolean().default(true),
    dependsOn: z.array(z.string().min(1).max(64)).max(10, "A job can depend on at most 10 others.").default([]),
  })
  .superRefine((job, ctx) => {
    if (job.type === "workflow") {
      ctx.addIssue({
        code: "custom",
        path: ["type"],
        message: "Workflow jobs arrive with the Workflows page; choose a built-in or an agent job.",
      });
      return;
    }
    if (job.type === "builtin" && !job.builtinKey) {
      ctx.addIssue({ code: "custom", path: ["builtinKey"], message: "Choose which built-in job to run." });
      return;
    }
    const schema = job.type === "agent" ? agentJobParams : BUILTIN_PARAMS[job.builtinKey!];
    const parsed = schema.safeParse(job.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: ["params", ...issue.path.map(String)], message: issue.message });
    }
  });
export type JobInput = z.input<typeof jobInputSchema>;
export type ParsedJobInput = z.output<typeof jobInputSchema>;

/** Parameters after defaults, for the type of job. */
export function normalisedParams(job: {
  type: string;
  builtinKey?: string | null;
  params: unknown;
}): Record<string, unknown> {
  if (job.type === "agent") return agentJobParams.parse(job.params);
  const schema = BUILTIN_PARAMS[job.builtinKey as BuiltinKey];
  return schema ? (schema.parse(job.params ?? {}) as Record<string, unknown>) : {};
}

export const BUILTIN_LABELS: Record<BuiltinKey, string> = {
  health_check: "Health check",
  log_retention: "Log retention",
  backup: "Backup",
  cleanup: "Cleanup",
};
