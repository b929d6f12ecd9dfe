import "server-only";
import type { ModelMessage } from "ai";
import { type AgentRunConfig, getAgentRunConfig } from "@/server/agents/agent-config";
import { recordAgentFailure } from "@/server/agents/failures";
import { appendChatMessage } from "@/server/chat/messages";
import { getChatSessionByOwner } from "@/server/chat/store/sessions";
import { defaultModelId } from "@/server/providers/catalog";
import { agentTurn, type TurnAnswer } from "@/server/teams/model-turn";
import {
  addSteps,
  type Parsed,
  parsePlannerAnswer,
  parseStoredPlan,
  PLAN_FORMAT,
  planMarkdown,
  planSchema,
  type PlanStep,
  planText,
  REVIEW_FORMAT,
  type Review,
  reviewSchema,
} from "@/server/teams/plan";
import { getTeamRunOrThrow, setStepStatus, type TeamRunStatus, updateTeamRun } from "@/server/teams/runs";
import { getTeamById } from "@/server/teams/store";
import { parseMembers } from "@/server/teams/teams";
import type { z } from "zod";
import { compileSafeRegex, type SafePattern } from "@/lib/safe-regex";

/** Decided once when the run starts (memoised by the durable step), so replays agree. */
export interface RunSetup {
  runId: string;
  deadline: number;
  maxRounds: number;
  fallbackModelId: string | null;
}

export type TurnOutcome =
  | { next: "execute"; pending: string[] }
  | { next: "continue" }
  | {
      next: "finish";
      status: Exclude<TeamRunStatus, "queued" | "running">;
      reason: string | null;
      error: string | null;
    };

/** Corrections the planner gets when its JSON is invalid (so at most 3 calls per plan). */
export const PLANNER_RETRIES = 2;
const RESULT_MAX = 600;

const finish = (
  status: "succeeded" | "stopped" | "failed",
  reason: string | null,
  error: string | null = null,
): TurnOutcome => ({ next: "finish", status, reason, error });

export async function startTeamRun(runId: string): Promise<RunSetup | TurnOutcome> {
  const run = await getTeamRunOrThrow(runId);
  const team = await getTeamById({ id: run.teamId });
  if (!team) return finish("failed", null, "The team of this run was deleted.");
  const session = await getChatSessionByOwner({ id: run.sessionId, userId: run.userId });
  const fallbackModelId =
    session?.modelId ?? (await defaultModelId({ signal: AbortSignal.timeout(5_000) }).catch(() => null));
  const startedAt = new Date();
  await updateTeamRun(runId, { status: "running", startedAt, round: 1 }, `${team.name} started`);
  return {
    runId,
    deadline: startedAt.getTime() + team.timeoutSeconds * 1000,
    maxRounds: team.maxRounds,
    fallbackModelId,
  };
}

interface Cast {
  planner: AgentRunConfig;
  executors: AgentRunConfig[];
  stopPhrase: string | null;
  stopRegex: string | null;
  timeoutSeconds: number;
}

/** The team's members as they are now; a member paused or deleted mid-run ends the run. */
async function loadCast(teamId: string): Promise<Cast | string> {
  const team = await getTeamById({ id: teamId });
  if (!team) return "The team of this run was deleted.";
  const members = parseMembers(team.members);
  const configs: AgentRunConfig[] = [];
  for (const m of members) {
    const agent = await getAgentRunConfig(m.agentId);
    if (!agent) return "A member of the team no longer exists. Edit the team on the Agents page.";
    if (agent.status !== "active")
      return `The agent "${agent.name}" is ${agent.status}: resume it on the Agents page, or change the team.`;
    configs.push(agent);
  }
  const planner = configs[members.findIndex((m) => m.role === "planner")];
  const executors = configs.filter((_, i) => members[i]!.role === "executor");
  if (!planner || executors.length === 0)
    return "The team needs a planner and an executor. Edit the team on the Agents page.";
  return {
    planner,
    executors,
    stopPhrase: team.stopPhrase,
    stopRegex: team.stopRegex,
    timeoutSeconds: team.timeoutSeconds,
  };
}

/** The stop criterion an agent's output meets, as a sentence, or null. */
export function stopMatch(
  cast: Pick<Cast, "stopPhrase" | "stopRegex">,
  agentName: string,
  text: string,
): string | null {
  if (cast.stopPhrase && text.toLowerCase().includes(cast.stopPhrase.toLowerCase()))
    return `${agentName} said the stop phrase "${cast.stopPhrase}".`;
  if (cast.stopRegex && stopPattern(cast.stopRegex)?.test(text))
    return `${agentName}'s answer matched the stop pattern /${cast.stopRegex}/.`;
  return null;
}

/**
 * The team's stop pattern on RE2 (issue 22, finding 1: `(a+)+c` against a planner's answer froze
 * every request for ~34 s). A pattern saved before the check that RE2 cannot run matches nothing.
 */
function stopPattern(source: string): SafePattern | null {
  try {
    return compileSafeRegex(source, { ignoreCase: true });
  } catch {
    return null;
  }
}

type Context = { setup: RunSetup; run: Awaited<ReturnType<typeof getTeamRunOrThrow>>; cast: Cast; signal: AbortSignal };

/** Everything a turn needs, or the outcome that ends the run before it (time up, member gone). */
async function turnContext(setup: RunSetup): Promise<Context | TurnOutcome> {
  const run = await getTeamRunOrThrow(setup.runId);
  const cast = await loadCast(run.teamId);
  if (typeof cast === "string") return finish("failed", null, cast);
  const left = setup.deadline - Date.now();
  if (left <= 0)
    return finish("failed", null, `The team did not finish within its timeout of ${cast.timeoutSeconds} s.`);
  return { setup, run, cast, signal: AbortSignal.timeout(left) };
}

const modelFor = (ctx: Context, agent: AgentRunConfig) => agent.modelId ?? ctx.setup.fallbackModelId;

async function say(ctx: Context, agent: AgentRunConfig, answer: TurnAnswer, markdown: string) {
  const message = await appendChatMessage({
    sessionId: ctx.run.sessionId,
    role: "assistant",
    model: answer.model,
    parts: [...answer.toolParts, { type: "text", text: markdown }],
    inputTokens: answer.metrics.inputTokens,
    outputTokens: answer.metrics.outputTokens,
    latencyMs: answer.metrics.ttftMs,
    costUsd: answer.metrics.costUsd,
    agent: { id: agent.id, name: agent.name, role: agent.role },
  });
  await answer.record(message.id);
}

async function failTurn(agent: AgentRunConfig, error: string): Promise<TurnOutcome> {
  // Counts toward the agent's automatic disabling (5 failures in 5 minutes).
  await recordAgentFailure(agent.id, { reason: error });
  return finish("failed", null, error);
}

/**
 * Asks the planner for JSON matching `schema`; an invalid answer is sent back with the precise
 * problem so the model can correct itself, up to PLANNER_RETRIES times.
 */
async function askPlanner<T>(
  ctx: Context,
  prompt: string,
  format: string,
  schema: z.ZodType<T>,
): Promise<{ answer: TurnAnswer; value: T } | { error: string }> {
  const { planner } = ctx.cast;
  const modelId = modelFor(ctx, planner);
  if (!modelId)
    return {
      error:
        "No model is chosen and none is configured: set the planner's model, the chat's model, or a default model in Settings -> Providers.",
    };
  const messages: ModelMessage[] = [{ role: "user", content: prompt }];
  let parsed: Parsed<T> = { ok: false, error: "" };
  for (let attempt = 0; attempt <= PLANNER_RETRIES; attempt++) {
    const answer = await agentTurn({
      agent: planner,
      modelId,
      userId: ctx.run.userId,
      sessionId: ctx.run.sessionId,
      runId: ctx.run.id,
      extraSystem: format,
      messages,
      withTools: false,
      signal: ctx.signal,
    });
    parsed = parsePlannerAnswer(answer.text, schema);
    if (parsed.ok) return { answer, value: parsed.value };
    await answer.record(null);
    messages.push({ role: "assistant", content: answer.text }, { role: "user", content: `${parsed.error} ${format}` });
  }
  return {
    error: `The planner did not write a valid plan after ${PLANNER_RETRIES + 1} attempts: ${parsed.ok ? "" : parsed.error}`,
  };
}

const pendingIds = (plan: PlanStep[]) => plan.filter((s) => s.status === "pending").map((s) => s.id);

/** Round 1: the planner turns the goal into steps. */
export async function planTurn(setup: RunSetup): Promise<TurnOutcome> {
  const ctx = await turnContext(setup);
  if ("next" in ctx) return ctx;
  const { planner } = ctx.cast;
  let asked: Awaited<ReturnType<typeof askPlanner<z.infer<typeof planSchema>>>>;
  try {
    asked = await askPlanner(ctx, `Goal: ${ctx.run.goal}`, PLAN_FORMAT, planSchema);
  } catch (err) {
    return failTurn(planner, (err as Error).message);
  }
  if ("error" in asked) return failTurn(planner, asked.error);
  const plan = addSteps([], asked.value.steps, 1);
  await say(ctx, planner, asked.answer, planMarkdown(asked.value.steps, "**Plan**"));
  await updateTeamRun(setup.runId, { plan }, `${planner.name} wrote a plan of ${plan.length} steps`);
  const stop = stopMatch(ctx.cast, planner.name, asked.answer.text);
  return stop ? finish("succeeded", stop) : { next: "execute", pending: pendingIds(plan) };
}

/** One step: an executor (round-robin over the team's executors) carries it out with its tools. */
export async function executeTurn(setup: RunSetup, stepId: string): Promise<TurnOutcome> {
  const ctx = await turnContext(setup);
  if ("next" in ctx) return ctx;
  const plan = parseStoredPlan(ctx.run.plan);
  const index = plan.findIndex((s) => s.id === stepId);
  const step = plan[index];
  if (!step) return finish("failed", null, `Step ${stepId} is not in the plan.`);
  const executor = ctx.cast.executors[index % ctx.cast.executors.length]!;
  const modelId = modelFor(ctx, executor);
  if (!modelId)
    return failTurn(
      executor,
      "No model is chosen and none is configured: set the executor's model, the chat's model, or a default model in Settings -> Providers.",
    );
  await setStepStatus(setup.runId, stepId, "running");
  const prompt = `Goal: ${ctx.run.goal}\n\nPlan:\n${planText(plan)}\n\nCarry out step ${index + 1} now: ${step.title}${step.detail ? `\n${step.detail}` : ""}\n\nReport briefly what you did and the result.`;
  let answer: TurnAnswer;
  try {
    answer = await agentTurn({
      agent: executor,
      modelId,
      userId: ctx.run.userId,
      sessionId: ctx.run.sessionId,
      runId: ctx.run.id,
      messages: [{ role: "user", content: prompt }],
      withTools: true,
      signal: ctx.signal,
    });
  } catch (err) {
    await setStepStatus(setup.runId, stepId, "failed", (err as Error).message);
    return failTurn(executor, (err as Error).message);
  }
  const report = answer.text || "(no report)";
  await say(ctx, executor, answer, `**Step ${index + 1}: ${step.title}**\n\n${report}`);
  await setStepStatus(
    setup.runId,
    stepId,
    "done",
    report.length > RESULT_MAX ? `${report.slice(0, RESULT_MAX - 1)}…` : report,
  );
  const stop = stopMatch(ctx.cast, executor.name, report);
  return stop ? finish("succeeded", stop) : { next: "continue" };
}

/** After a round: the planner says the goal is reached (its summary is the answer) or adds steps. */
export async function reviewTurn(setup: RunSetup): Promise<TurnOutcome> {
  const ctx = await turnContext(setup);
  if ("next" in ctx) return ctx;
  const { planner } = ctx.cast;
  const plan = parseStoredPlan(ctx.run.plan);
  const round = ctx.run.round;
  const prompt = `Goal: ${ctx.run.goal}\n\nPlan and results so far:\n${planText(plan)}\n\nThis was round ${round} of at most ${setup.maxRounds}. Is the goal reached?`;
  let asked: Awaited<ReturnType<typeof askPlanner<Review>>>;
  try {
    asked = await askPlanner(ctx, prompt, REVIEW_FORMAT, reviewSchema);
  } catch (err) {
    return failTurn(planner, (err as Error).message);
  }
  if ("error" in asked) return failTurn(planner, asked.error);
  const review = asked.value;
  const stop = stopMatch(ctx.cast, planner.name, asked.answer.text);
  if (review.done) {
    await say(ctx, planner, asked.answer, `**Done**\n\n${review.summary}`);
    return finish("succeeded", stop);
  }
  const outOfRounds = round >= setup.maxRounds;
  const next = addSteps(plan, review.steps, round + 1).map((s) =>
    outOfRounds && s.status === "pending" ? { ...s, status: "skipped" as const } : s,
  );
  const heading = outOfRounds
    ? `**More steps proposed, not run (max ${setup.maxRounds} rounds reached)**`
    : `**Round ${round + 1} plan**`;
  await say(
    ctx,
    planner,
    asked.answer,
    `${review.summary ? `${review.summary}\n\n` : ""}${planMarkdown(review.steps, heading)}`,
  );
  await updateTeamRun(
    setup.runId,
    { plan: next, ...(outOfRounds ? {} : { round: round + 1 }) },
    `${planner.name} added ${review.steps.length} steps`,
  );
  if (stop) return finish("succeeded", stop);
  if (outOfRounds)
    return finish(
      "stopped",
      `Stopped after the maximum of ${setup.maxRounds} round${setup.maxRounds === 1 ? "" : "s"}.`,
    );
  return { next: "execute", pending: pendingIds(next) };
}

/** Ends the run: its status, and a notice in the chat when it did not end with an answer. */
export async function finishTeamRun(runId: string, outcome: Extract<TurnOutcome, { next: "finish" }>): Promise<void> {
  const run = await getTeamRunOrThrow(runId);
  const plan = parseStoredPlan(run.plan).map((s) =>
    s.status === "pending" || s.status === "running" ? { ...s, status: "skipped" as const } : s,
  );
  const notice = outcome.error ?? (outcome.status === "stopped" || outcome.reason ? outcome.reason : null);
  if (notice) {
    await appendChatMessage({
      sessionId: run.sessionId,
      role: "system",
      status: outcome.status === "failed" ? "error" : "done",
      error: outcome.error,
      parts: [{ type: "text", text: notice }],
    });
  }
  await updateTeamRun(
    runId,
    { plan, status: outcome.status, stopReason: outcome.reason, error: outcome.error, finishedAt: new Date() },
    notice ?? "The team finished",
  );
}
