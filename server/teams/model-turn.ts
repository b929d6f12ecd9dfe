import "server-only";
import { generateText, type ModelMessage } from "ai";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import { CallTimer, type CallMetrics } from "@/lib/ai/usage";
import type { AgentRunConfig } from "@/server/agents/agent-config";
import { agentCallSettings } from "@/server/chat/chat-agent";
import type { ChatUIMessage } from "@/server/chat/messages";
import { recordModelCall } from "@/server/chat/model-calls";
import { buildRunTools } from "@/server/agents/tool-loop";

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

function toolPartsOf(steps: Awaited<ReturnType<typeof generateText>>["steps"]): Parts {
  const parts: Parts = [];
  for (const item of steps.flatMap((s) => s.content)) {
    if (item.type === "tool-result") {
      parts.push({
        type: "dynamic-tool",
        toolName: item.toolName,
        toolCallId: item.toolCallId,
        state: "output-available",
        input: item.input,
        output: item.output,
      });
    } else if (item.type === "tool-error") {
      parts.push({
        type: "dynamic-tool",
        toolName: item.toolName,
        toolCallId: item.toolCallId,
        state: "output-error",
        input: item.input,
        errorText: String(item.error instanceof Error ? item.error.message : item.error),
      });
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
  // The same tool loop as chat turns and tasks (policy, max turns, token budget, repair); nobody
  // watches a team run, so a tool that needs approval is refused with a sentence the model reads.
  const run = input.withTools
    ? await buildRunTools({
        userId: input.userId,
        agent: input.agent,
        modelId: resolved.id,
        sessionId: input.sessionId,
        runId: input.runId,
        signal: input.signal,
        unattended: true,
      })
    : null;
  const timer = new CallTimer();
  const request = {
    model: resolved.id,
    agent: input.agent.name,
    system: fullSystem,
    messages: input.messages,
    tools: run?.offered ?? [],
  };
  const record = (metrics: CallMetrics, messageId: string | null, error: string | null, response: unknown) =>
    recordModelCall({
      provider: resolved.ref.provider,
      model: resolved.id,
      sessionId: input.sessionId,
      messageId,
      agentId: input.agent.id,
      userId: input.userId,
      metrics,
      error,
      request,
      response,
    });
  try {
    const result = await generateText({
      model: resolved.model,
      ...(fullSystem ? { system: fullSystem } : {}),
      messages: input.messages,
      ...sampling,
      ...(run?.options ?? {}),
      maxRetries: 0,
      abortSignal: input.signal,
    });
    const metrics = timer.finish({ usage: result.totalUsage, providerMetadata: result.providerMetadata });
    const notice = run?.stopNotice(result.steps);
    const answer =
      result.text.trim() ||
      result.steps
        .map((s) => s.text)
        .join("\n")
        .trim();
    const text = notice ? `${answer}\n\n_${notice}_`.trim() : answer;
    return {
      text,
      toolParts: toolPartsOf(result.steps),
      model: resolved.id,
      metrics,
      record: (messageId) =>
        record(metrics, messageId, null, { text, finishReason: result.finishReason, steps: result.steps.length }).then(
          () => undefined,
        ),
    };
  } catch (err) {
    const message = input.signal.aborted
      ? "The team's time ran out during this turn."
      : explainProviderError(err, resolved.context).message;
    await record(timer.finish({}), null, message, { error: message });
    throw new Error(message);
  }
}
