import { z } from "zod";
import { compileExpression } from "./cel";
import { parseCron, type CronSchedule } from "./cron";
import { durationMs } from "./duration";

/**
 * Validates the FunctionConfig list from a sync against what this executor implements. Options
 * whose semantics it does not reproduce (throttle, debounce, keyed concurrency, ...) make the
 * sync fail with the function and option named, instead of running with different behaviour.
 */
export interface FunctionDef {
  id: string;
  name: string;
  eventTriggers: { event: string; pattern: RegExp; expression: string | null }[];
  crons: CronSchedule[];
  maxAttempts: number;
  concurrency: number | null;
  cancel: { event: string; expression: string | null; timeoutMs: number | null }[];
}

const KNOWN_KEYS = new Set(["id", "name", "triggers", "steps", "cancel", "concurrency"]);
const UNSUPPORTED_HINT: Record<string, string> = {
  throttle: "throttle",
  rateLimit: "rateLimit",
  debounce: "debounce",
  batchEvents: "batchEvents",
  idempotency: "idempotency (use event ids for idempotency instead)",
  priority: "priority",
  timeouts: "timeouts",
  singleton: "singleton",
};

const triggerSchema = z.union([
  z.object({ event: z.string().min(1), expression: z.string().optional() }).strict(),
  z.object({ cron: z.string().min(1), jitter: z.unknown().optional() }).strict(),
]);
const configSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  triggers: z.array(triggerSchema),
  steps: z.object({
    step: z.object({ retries: z.object({ attempts: z.number().int().min(0).max(20) }).optional() }).passthrough(),
  }),
  cancel: z
    .array(z.object({ event: z.string().min(1), if: z.string().optional(), timeout: z.string().optional() }).strict())
    .optional(),
  concurrency: z.unknown().optional(),
});

export class SyncError extends Error {}

/** `app/*` style names: `*` matches any run of characters. */
export function eventPattern(name: string): RegExp {
  const escaped = name.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

function concurrencyLimit(value: unknown, problems: string[], id: string): number | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length !== 1) {
    problems.push(`${id}: concurrency with several limits is not supported by the embedded executor`);
    return null;
  }
  const item = list[0];
  if (typeof item === "number" && Number.isInteger(item) && item >= 0) return item || null;
  const parsed = z
    .object({ limit: z.number().int().min(0), scope: z.literal("fn").optional() })
    .strict()
    .safeParse(item);
  if (!parsed.success) {
    problems.push(
      `${id}: concurrency with a key or a scope is not supported by the embedded executor (only a plain limit is)`,
    );
    return null;
  }
  return parsed.data.limit || null;
}

export function parseFunctions(configs: Record<string, unknown>[]): FunctionDef[] {
  const problems: string[] = [];
  const out: FunctionDef[] = [];
  for (const raw of configs) {
    const id = typeof raw.id === "string" ? raw.id : "(function without id)";
    for (const key of Object.keys(raw)) {
      if (!KNOWN_KEYS.has(key)) {
        const what = UNSUPPORTED_HINT[key] ?? key;
        problems.push(
          `${id}: the option "${what}" is not supported by the embedded executor; run a real Inngest server to use it`,
        );
      }
    }
    const parsed = configSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(
        `${id}: unsupported function configuration (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
      );
      continue;
    }
    const c = parsed.data;
    const def: FunctionDef = {
      id: c.id,
      name: c.name ?? c.id,
      eventTriggers: [],
      crons: [],
      maxAttempts: (c.steps.step.retries?.attempts ?? 3) + 1,
      concurrency: concurrencyLimit(c.concurrency, problems, id),
      cancel: [],
    };
    const check = (expr: string | undefined) => {
      if (!expr) return null;
      try {
        compileExpression(expr);
      } catch (err) {
        problems.push(`${id}: ${(err as Error).message}`);
      }
      return expr;
    };
    for (const t of c.triggers) {
      if ("event" in t)
        def.eventTriggers.push({ event: t.event, pattern: eventPattern(t.event), expression: check(t.expression) });
      else {
        if (t.jitter !== undefined) problems.push(`${id}: cron jitter is not supported by the embedded executor`);
        try {
          def.crons.push(parseCron(t.cron));
        } catch (err) {
          problems.push(`${id}: ${(err as Error).message}`);
        }
      }
    }
    for (const cancel of c.cancel ?? []) {
      const timeoutMs = cancel.timeout ? durationMs(cancel.timeout) : null;
      if (cancel.timeout && timeoutMs === null)
        problems.push(`${id}: cancelOn timeout "${cancel.timeout}" is not a duration`);
      def.cancel.push({ event: cancel.event, expression: check(cancel.if), timeoutMs });
    }
    out.push(def);
  }
  if (problems.length) throw new SyncError(`Sync failed:\n  ${problems.join("\n  ")}`);
  return out;
}
