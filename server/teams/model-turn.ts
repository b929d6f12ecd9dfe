import "server-only";
import { generateText, type ModelMessage, stepCountIs, type ToolSet } from "ai";
import { explainProviderError, resolveModel } from "@/lib/ai/providers";
import { CallTimer, type CallMetrics } from "@/lib/ai/usage";
import type { AgentRunConfig } from "@/server/agents/agent-config";
import { agentCallSettings } from "@/server/chat/chat-agent";
import type { ChatUIMessage } from "@/server/chat/messages";
import { recordModelCall } from "@/server/chat/model-calls";
import { modelDetails } from "@/server/providers/catalog";
import { buildAiToolSet } from "@/server/tools/ai-tools";

type Parts = ChatUIMessage["parts"];

export interface TurnAnswer {
  text: string;
  /** The tools the executor called, as UI parts for the chat. */
  toolParts: Parts;
  model: string;
  metrics: CallMetrics;
  /** Writes the ModelCall row, tied to the chat message the answer became. */
  record(messageId: string | null): Promise<void>;
}

export interface TurnInput {
  agent: AgentRunConfig;
  modelId: string;
  userId: string;
  sessionId: string;
  runId: string;
  /** Appended to the agent's own system prompt (the planner's output format). */
  extraSystem?: string;
  messages: ModelMessage[];
  withTools: boolean;
  signal: AbortSignal;
}

/** A run in the background cannot stop for a person's approval, so those tools are left out. */
async function executorTools(input: TurnInput, modelId: string): Promise<ToolSet | undefined> {
  if (!input.withTools || input.agent.tools.length === 0) return undefined;
  // Only models that can call tools are offered them (unknown capability: offered).
  const details = await modelDetails(modelId, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  if (details?.capabilities.tools === false) return undefined;
  const { tools, needsApproval } = await buildAiToolSet({ userId: input.userId, allowedTools: input.agent.tools, agentId: input.agent.id, runId: input.runId, sessionId: input.sessionId, signal: input.signal });
  for (const name of needsApproval) delete tools[name];
  return Object.keys(tools).length ? tools : undefined;
}

function toolPartsOf(steps: Awaited<ReturnType<typeof generateText>>["steps"]): Parts {
  const parts: Parts = [];
  for (const item of steps.flatMap((s) => s.content)) {
    if (item.type === "tool-result") {
      parts.push({ type: "dynamic-tool", toolName: item.toolName, toolCallId: item.toolCallId, state: "output-available", input: item.input, output: item.output });
    } else if (item.type === "tool-error") {
      parts.push({ type: "dynamic-tool", toolName: item.toolName, toolCallId: item.toolCallId, state: "output-error", input: item.input, errorText: String(item.error instanceof Error ? item.error.message : item.error) });
    }
  }
  return parts;
}

/**
 * One agent's turn in a team run: its system prompt and sampling settings, its tools (executors)
 * up to its max turns and token budget. The caller writes the chat message, then `record`s the
 * ModelCall; a failed call is recorded here and thrown as a sentence.
 */
export async function agentTurn(input: TurnInput): Promise<TurnAnswer> {
  const resolved = await resolveModel(input.modelId);
  const { system, ...sampling } = agentCallSettings(input.agent);
  const fullSystem = [system, input.extraSystem].filter(Boolean).join("\n\n");
  const tools = await executorTools(input, resolved.id);
  const budget = input.agent.tokenBudget;
  const timer = new CallTimer();
  const request = { model: resolved.id, agent: input.agent.name, system: fullSystem, messages: input.messages, tools: Object.keys(tools ?? {}) };
  const record = (metrics: CallMetrics, messageId: string | null, error: string | null, response: unknown) =>
    recordModelCall({ provider: resolved.ref.provider, model: resolved.id, sessionId: input.sessionId, messageId, agentId: input.agent.id, userId: input.userId, metrics, error, request, response });
  try {
    const result = await generateText({
      model: resolved.model,
      ...(fullSystem ? { system: fullSystem } : {}),
      messages: input.messages,
      ...sampling,
      ...(tools
        ? {
            tools,
            stopWhen: [
              stepCountIs(input.agent.maxTurns),
              // The agent's token budget per run ends the tool loop once it is spent.
              ({ steps }) => budget !== null && steps.reduce((n, s) => n + (s.usage.totalTokens ?? 0), 0) >= budget,
            ],
          }
        : {}),
      maxRetries: 0,
      abortSignal: input.signal,
    });
    const metrics = timer.finish({ usage: result.totalUsage, providerMetadata: result.providerMetadata });
    const text = result.text.trim() || result.steps.map((s) => s.text).join("\n").trim();
    return {
      text,
      toolParts: toolPartsOf(result.steps),
      model: resolved.id,
      metrics,
      record: (messageId) => record(metrics, messageId, null, { text, finishReason: result.finishReason, steps: result.steps.length }).then(() => undefined),
    };
  } catch (err) {
    const message = input.signal.aborted ? "The team's time ran out during this turn." : explainProviderError(err, resolved.context).message;
    await record(timer.finish({}), null, message, { error: message });
    throw new Error(message);
  }
}
