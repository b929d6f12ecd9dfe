import { z } from "zod";
import { modelIdSchema } from "@/lib/ai/model-id";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/validation";
import { findVisibleAgent, type Viewer } from "@/server/agents/access";
import { createJob } from "@/server/automation/jobs";
import { AGENT_PROMPT_MAX } from "@/lib/tasks/agent-run-input";
import { EVENT } from "@/inngest/events/names";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";

/** A run can be set at most a year ahead; later work belongs in a schedule. */
const MAX_AHEAD_MS = 366 * 86_400_000;

export const newTaskSchema = z.object({
  prompt: z
    .string()
    .trim()
    .min(1, "Write the prompt to run.")
    .max(AGENT_PROMPT_MAX, "Keep the prompt under 20,000 characters."),
  agentId: idSchema.optional(),
  modelId: modelIdSchema.optional(),
  when: z.discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("now") }),
      z.object({ type: z.literal("at"), at: z.coerce.date({ error: "Give a valid date and time." }) }),
      z.object({
        type: z.literal("cron"),
        name: z
          .string()
          .trim()
          .min(1, "Give the schedule a name.")
          .max(80, "A schedule name has at most 80 characters."),
        // Checked in full (cron syntax, time zone) by createJob, with the Automation page's messages.
        cron: z.string().trim().min(1, "Enter a cron expression, e.g. 0 8 * * 1-5.").max(120),
        timeZone: z.string().trim().min(1, "Choose a time zone.").max(64),
      }),
    ],
    { error: "Say when to run: now, at a time, or on a schedule." },
  ),
});
export type NewTaskInput = z.infer<typeof newTaskSchema>;

function titleOf(prompt: string, agentName: string | null): string {
  const line = prompt.split("\n")[0]!.trim();
  const short = line.length > 80 ? `${line.slice(0, 79)}…` : line;
  return agentName ? `${agentName}: ${short}` : short;
}

/**
 * "New task" on the Tasks page: runs an agent (or a model) on a prompt now or at a time as a
 * task, or creates an agent job that runs it on a cron schedule (each run then is a task).
 */
export async function startNewTask(
  viewer: Viewer,
  input: NewTaskInput,
  send: SendEvent = sendWithInngest,
  now = new Date(),
) {
  const agent = input.agentId ? await findVisibleAgent(viewer, input.agentId) : null;
  if (agent && agent.status !== "active")
    throw new AppError("CONFLICT", `The agent "${agent.name}" is ${agent.status}: turn it on in Agents first.`);
  const params = {
    prompt: input.prompt,
    ...(agent ? { agentId: agent.id } : {}),
    ...(input.modelId ? { modelId: input.modelId } : {}),
  };

  if (input.when.type === "cron") {
    const job = await createJob(
      {
        name: input.when.name,
        description: titleOf(input.prompt, agent?.name ?? null),
        type: "agent",
        params,
        trigger: { type: "cron", cron: input.when.cron, timeZone: input.when.timeZone },
      },
      { id: viewer.id, role: viewer.role },
      { now },
    );
    return { kind: "job" as const, id: job.id, status: null, error: null };
  }

  let runAt: string | undefined;
  if (input.when.type === "at") {
    const at = input.when.at.getTime();
    if (at <= now.getTime())
      throw new AppError("BAD_REQUEST", "That time has passed: choose a time in the future, or run it now.");
    if (at - now.getTime() > MAX_AHEAD_MS)
      throw new AppError("BAD_REQUEST", "Choose a time within the next year, or use a schedule.");
    runAt = input.when.at.toISOString();
  }
  const task = await enqueueTask(
    {
      kind: "agent",
      title: titleOf(input.prompt, agent?.name ?? null),
      eventName: EVENT.agentRun,
      data: { ...params, ...(runAt ? { runAt } : {}) },
      ownerId: viewer.id,
      agentId: agent?.id ?? null,
    },
    send,
  );
  return { kind: "task" as const, id: task.id, status: task.status, error: task.error };
}
