import { generateText } from "ai";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import { CallTimer } from "@/lib/ai/usage";
import { AppError } from "@/lib/errors";
import { getAgentRunConfig } from "@/server/agents/agent-config";
import { buildRunTools } from "@/server/agents/tool-loop";
import { recordModelCall } from "@/server/chat/model-calls";
import { defaultModelId } from "@/server/providers/catalog";

/** What the model is asked with: the agent's settings when an agent runs, else none. */
export interface PromptSettings {
  agentId: string | null;
  modelId: string | null;
  systemPrompt: string | null;
  temperature: number | null;
  maxOutputTokens: number | null;
}

export interface PromptAnswer {
  text: string;
  /** Tool calls the agent made on the way (each is a ToolCall row with the run's id). */
  toolCalls: number;
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
  durationMs: number;
}

const NO_MODEL =
  "No model is chosen and none is configured: pick a model for the task, or set a default model in Settings -> Providers.";

/**
 * One model call for a task: the model is the one asked for, else the agent's, else the default.
 * Every call, answered or failed, is recorded as a ModelCall (Monitoring counts agent work too).
 */
export async function answerPrompt(input: {
  prompt: string;
  settings: PromptSettings;
  userId: string | null;
  runId?: string | null;
  signal?: AbortSignal;
}): Promise<PromptAnswer> {
  const { settings } = input;
  const modelId = settings.modelId ?? (await defaultModelId({ signal: AbortSignal.timeout(5_000) }).catch(() => null));
  if (!modelId) throw new AppError("PRECONDITION_FAILED", NO_MODEL);
  const resolved = await resolveModel(modelId);
  // An agent works with its tools, as in chat; nobody watches a task, so a tool that needs
  // approval is refused (and the model told why) instead of waiting.
  const agent = settings.agentId && input.userId ? await getAgentRunConfig(settings.agentId) : null;
  const tools = agent
    ? await buildRunTools({
        userId: input.userId!,
        agent,
        modelId: resolved.id,
        runId: input.runId ?? null,
        signal: input.signal,
        unattended: true,
      })
    : null;
  const timer = new CallTimer();
  const record = (metrics: ReturnType<CallTimer["finish"]>, error: string | null) =>
    recordModelCall({
      provider: resolved.ref.provider,
      model: resolved.id,
      agentId: settings.agentId,
      userId: input.userId,
      metrics,
      error,
    });
  try {
    const result = await generateText({
      model: resolved.model,
      ...(settings.systemPrompt ? { system: settings.systemPrompt } : {}),
      prompt: input.prompt,
      ...(settings.temperature !== null ? { temperature: settings.temperature } : {}),
      ...(settings.maxOutputTokens !== null ? { maxOutputTokens: settings.maxOutputTokens } : {}),
      maxRetries: 0,
      ...(input.signal ? { abortSignal: input.signal } : {}),
      ...tools?.options,
    });
    const metrics = timer.finish({ usage: result.totalUsage, providerMetadata: result.providerMetadata });
    await record(metrics, null);
    const notice = tools?.stopNotice(result.steps);
    const text = result.steps
      .map((s) => s.text)
      .filter((t) => t.trim())
      .join("\n\n");
    return {
      text: notice ? `${text}\n\n> ${notice}` : text,
      toolCalls: result.steps.reduce((n, s) => n + s.toolCalls.length, 0),
      model: resolved.id,
      inputTokens: metrics.inputTokens,
      outputTokens: metrics.outputTokens,
      durationMs: Math.round(metrics.durationMs),
    };
  } catch (err) {
    const message = explainProviderError(err, resolved.context).message;
    await record(timer.finish({}), message);
    throw new Error(message);
  }
}
