import { z } from "zod";

export const STEP_STATUSES = ["pending", "running", "done", "failed", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const MAX_PLAN_STEPS = 12;

/** One step as the planner writes it. */
const plannedStepSchema = z.object({
  title: z.string().trim().min(1, "a step has an empty title").max(200, "a step title is longer than 200 characters"),
  detail: z.string().trim().max(2_000, "a step detail is longer than 2,000 characters").default(""),
});

/** The planner's first answer: the steps to carry out. */
export const planSchema = z.object({
  steps: z
    .array(plannedStepSchema)
    .min(1, "the plan has no steps")
    .max(MAX_PLAN_STEPS, `the plan has more than ${MAX_PLAN_STEPS} steps`),
});

/** The planner's review after the steps ran: finished (with a summary), or more steps. */
export const reviewSchema = z.union([
  z.object({ done: z.literal(true), summary: z.string().trim().min(1, "the summary is empty").max(4_000) }),
  z.object({ done: z.literal(false), steps: planSchema.shape.steps, summary: z.string().trim().max(4_000).optional() }),
]);

export type PlannedSteps = z.infer<typeof planSchema>;
export type Review = z.infer<typeof reviewSchema>;

/** A step as the run keeps it (TeamRun.plan) and the checklist shows it. */
export interface PlanStep {
  id: string;
  round: number;
  title: string;
  detail: string;
  status: StepStatus;
  result: string | null;
}

export const PLAN_FORMAT = `Answer with only a JSON object, no other text: {"steps": [{"title": "short imperative title", "detail": "what to do and how to know it is done"}]} (1 to ${MAX_PLAN_STEPS} steps).`;

export const REVIEW_FORMAT = `Answer with only a JSON object, no other text: either {"done": true, "summary": "the answer to the goal"} when the goal is reached (or cannot be reached), or {"done": false, "steps": [{"title": "...", "detail": "..."}]} with the further steps needed.`;

/** The JSON object in a model's answer: a fenced block, or the outermost braces. */
function extractJson(text: string): string | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]?.includes("{")) return fenced[1].trim();
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  return start >= 0 && end > start ? text.slice(start, end + 1) : null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Validates a planner's answer against a schema. The error is a sentence for the model (it is
 * sent back so the planner can correct itself) and for the person reading why the run failed.
 */
export function parsePlannerAnswer<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  const raw = extractJson(text);
  if (!raw) return { ok: false, error: "Your answer contained no JSON object." };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `Your answer is not valid JSON (${err instanceof Error ? err.message : String(err)}).` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
  return { ok: false, error: `Your JSON does not match the format: ${issues.join("; ")}.` };
}

/** New steps appended to the plan, numbered after the existing ones. */
export function addSteps(plan: PlanStep[], steps: PlannedSteps["steps"], round: number): PlanStep[] {
  const next = plan.length;
  return [
    ...plan,
    ...steps.map((s, i) => ({
      id: `s${next + i + 1}`,
      round,
      title: s.title,
      detail: s.detail,
      status: "pending" as const,
      result: null,
    })),
  ];
}

export function parseStoredPlan(raw: string): PlanStep[] {
  try {
    const value = JSON.parse(raw) as unknown;
    return Array.isArray(value) ? (value as PlanStep[]) : [];
  } catch {
    return [];
  }
}

/** The plan as text for the next prompt: numbered steps with their status and result. */
export function planText(plan: PlanStep[]): string {
  return plan
    .map(
      (s, i) =>
        `${i + 1}. [${s.status}] ${s.title}${s.detail ? ` — ${s.detail}` : ""}${s.result ? `\n   Result: ${s.result}` : ""}`,
    )
    .join("\n");
}

/** The planner's plan as it reads in the chat: a numbered Markdown list. */
export function planMarkdown(steps: PlannedSteps["steps"], heading: string): string {
  return `${heading}\n\n${steps.map((s, i) => `${i + 1}. **${s.title}**${s.detail ? ` — ${s.detail}` : ""}`).join("\n")}`;
}
