import "server-only";
import {
  isStepCount,
  NoSuchToolError,
  type StepResult,
  type StopCondition,
  type ToolApprovalConfiguration,
  type ToolCallRepairFunction,
  type ToolSet,
} from "ai";
import { parseModelId } from "@/lib/ai/model-id";
import { getTool } from "@/server/ai/tools/registry";
import { type Settings, splitHostList } from "@/lib/settings/schema";
import type { AgentRunConfig } from "@/server/agents/agent-config";
import { cachedModelDetails } from "@/server/chat/model-window";
import { getSettings } from "@/server/settings/settings";
import { buildAiToolSet } from "@/server/tools/ai-tools";
import { recordRefusedToolCall } from "@/server/tools/execute";
import { policyRefusal, runLimitRefusal } from "@/server/tools/policy";
import { matchToolName, repairToolInput } from "@/server/tools/tool-repair";

export interface RunToolsInput {
  userId: string;
  /** The agent that runs; no agent (a plain chat) gets no tools. */
  agent: AgentRunConfig | null;
  /** The resolved model id ("ollama:qwen3:0.6b"): tools go only to models that can call them. */
  modelId: string;
  sessionId?: string | null;
  runId?: string | null;
  signal?: AbortSignal;
  /** No person watches (tasks, team runs): a tool that needs approval is refused instead of asked for. */
  unattended?: boolean;
  /** Turns and tokens the run already took before it paused for approval: its limits count them. */
  prior?: { turns: number; tokens: number };
}

type AnySteps = ReadonlyArray<Pick<StepResult<ToolSet>, "finishReason" | "usage" | "content">>;

export interface RunTools {
  /** Spread into streamText / generateText: tools, toolApproval, stopWhen, repairToolCall. */
  options: {
    tools?: ToolSet;
    toolApproval?: ToolApprovalConfiguration<ToolSet, never>;
    stopWhen: StopCondition<ToolSet>[];
    repairToolCall?: ToolCallRepairFunction<ToolSet>;
  };
  /** The tool names the model is offered (the inspector's `tools`). */
  offered: string[];
  /** Why the model gets no tools although the agent has some, or null. */
  withheld: string | null;
  /** After the run: the visible notice when max turns or the token budget cut the loop short, else null. */
  stopNotice(steps: AnySteps): string | null;
}

/**
 * Whether a model can call tools: the admin's setting first (all models, or the listed ones),
 * then what the model reports (Ollama /api/show capabilities, OpenRouter's supported
 * parameters). A model that does not say is offered tools only on OpenAI-style APIs, where
 * tool calling is part of the protocol; an Ollama model that does not say gets none.
 */
export async function modelSupportsTools(modelId: string, settings: Pick<Settings, "tools">): Promise<boolean> {
  if (settings.tools.toolSupport === "all") return true;
  if (splitHostList(settings.tools.toolModels).includes(modelId.toLowerCase())) return true;
  const provider = parseModelId(modelId).provider;
  if (provider === "embedded") return false;
  // Cached per model (as the history window and context meter use it): asking the provider
  // on every chat turn put a request in front of the model call.
  const reported = (await cachedModelDetails(modelId))?.capabilities.tools ?? null;
  return reported ?? provider !== "ollama";
}

const usedTokens = (steps: AnySteps) =>
  steps.reduce((n, s) => n + (s.usage.totalTokens ?? (s.usage.inputTokens ?? 0) + (s.usage.outputTokens ?? 0)), 0);

/**
 * Everything a model run needs to use an agent's tools, shared by chat turns, task runs and team
 * steps: the permitted tools (each call goes through executeToolCall), approval for the tools
 * that need it (asked in chat, refused in unattended runs), the agent's max turns and token
 * budget as stop conditions, and a repair for malformed tool calls that otherwise answers the
 * model with a precise error so it can try again.
 */
export async function buildRunTools(input: RunToolsInput): Promise<RunTools> {
  const agent = input.agent;
  const maxTurns = Math.max(1, agent?.maxTurns ?? 1);
  const prior = input.prior ?? { turns: 0, tokens: 0 };
  // A run continued after an approval still needs one turn to read the approved call's result.
  const turnsLeft = Math.max(1, maxTurns - prior.turns);
  const spent = (steps: AnySteps) => prior.tokens + usedTokens(steps);
  const limits = (steps: AnySteps) =>
    runLimitRefusal({
      turn: prior.turns + steps.length,
      maxTurns,
      tokensUsed: spent(steps),
      tokenBudget: agent?.tokenBudget ?? null,
    });
  const overBudget: StopCondition<ToolSet> = ({ steps }) =>
    Boolean(agent?.tokenBudget && spent(steps) >= agent.tokenBudget);
  const stopNotice = (steps: AnySteps) => {
    const last = steps.at(-1);
    if (last?.finishReason !== "tool-calls") return null;
    // A run paused for the user's approval has not been cut short.
    if (last.content.some((p) => p.type === "tool-approval-request")) return null;
    return limits(steps);
  };
  const none = (withheld: string | null): RunTools => ({
    options: { stopWhen: [isStepCount(turnsLeft), overBudget] },
    offered: [],
    withheld,
    stopNotice,
  });

  if (!agent || agent.tools.length === 0) return none(null);
  const settings = await getSettings();
  if (!(await modelSupportsTools(input.modelId, settings))) {
    return none(
      `${input.modelId} does not report tool support, so it gets no tools. An admin can list it under Settings → Tools → Models that support tools.`,
    );
  }

  const ids = {
    userId: input.userId,
    agentId: agent.id,
    runId: input.runId ?? null,
    sessionId: input.sessionId ?? null,
  };
  const { tools, needsApproval } = await buildAiToolSet({ ...ids, allowedTools: agent.tools, signal: input.signal });
  const offered = Object.keys(tools);

  let toolApproval: ToolApprovalConfiguration<ToolSet, never> | undefined;
  if (needsApproval.length) {
    toolApproval = Object.fromEntries(
      needsApproval.map((name) => [
        name,
        input.unattended
          ? async (args: unknown, options: { toolCallId: string }) => {
              const reason = `"${name}" needs a person's approval, and nobody can approve it in an unattended run. Do without it, or say that it must be run from a chat.`;
              await recordRefusedToolCall({
                ...ids,
                name,
                input: args,
                toolCallId: options.toolCallId,
                status: "denied",
                output: reason,
              });
              return { type: "denied" as const, reason };
            }
          : "user-approval",
      ]),
    ) as ToolApprovalConfiguration<ToolSet, never>;
  }

  const repairToolCall: ToolCallRepairFunction<ToolSet> = async ({ toolCall, error }) => {
    if (NoSuchToolError.isInstance(error)) {
      const fixed = matchToolName(toolCall.toolName, offered);
      if (fixed) return { ...toolCall, toolName: fixed };
      // Not offered: the reason as policy words it (not on the list, Safe Mode, the admin's switches), recorded as denied.
      const known = getTool(toolCall.toolName);
      const reason =
        (known
          ? policyRefusal({ tool: known, allowedTools: agent.tools, settings: await getSettings() })
          : `There is no tool named "${toolCall.toolName}".`) ??
        `The tool "${toolCall.toolName}" is not available in this run. Do not call it again.`;
      await recordRefusedToolCall({
        ...ids,
        name: toolCall.toolName,
        input: parseLoosely(toolCall.input, toolCall.toolName),
        toolCallId: toolCall.toolCallId,
        status: "denied",
        output: reason,
      });
      throw new Error(`${reason} Available tools: ${offered.join(", ") || "none"}.`);
    }
    const repaired = repairToolInput(toolCall.input, toolCall.toolName);
    if (repaired !== null && repaired !== toolCall.input) return { ...toolCall, input: repaired };
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    const message =
      repaired === null
        ? `The arguments for "${toolCall.toolName}" are not valid JSON (${truncate(toolCall.input)}). Call it again with one JSON object that matches its input schema.`
        : `The arguments for "${toolCall.toolName}" do not match its input schema: ${truncate(detail, 400)}. Call it again with corrected arguments.`;
    await recordRefusedToolCall({
      ...ids,
      name: toolCall.toolName,
      input: toolCall.input,
      toolCallId: toolCall.toolCallId,
      status: "error",
      output: message,
    });
    throw new Error(message);
  };

  return {
    options: {
      tools,
      ...(toolApproval ? { toolApproval } : {}),
      stopWhen: [isStepCount(turnsLeft), overBudget],
      repairToolCall,
    },
    offered,
    withheld: null,
    stopNotice,
  };
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function parseLoosely(text: string, toolName: string): unknown {
  const repaired = repairToolInput(text, toolName);
  return repaired === null ? text : JSON.parse(repaired);
}
