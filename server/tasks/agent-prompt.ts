import { generateText } from "ai";
import { explainProviderError, resolveModel } from "@/lib/ai/providers";
import { CallTimer } from "@/lib/ai/usage";
import { AppError } from "@/lib/errors";
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
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
  durationMs: number;
}

const NO_MODEL = "No model is chosen and none is configured: pick a model for the task, or set a default model in Settings -> Providers.";

/**
 * One model call for a task: the model is the one asked for, else the agent's, else the default.
 * Every call, answered or failed, is recorded as a ModelCall (Monitoring counts agent work too).
 */
export async function answerPrompt(input: { prompt: string; settings: PromptSettings; userId: string | null; signal?: AbortSignal }): Promise<PromptAnswer> {
  const { settings } = input;
  const modelId = settings.modelId ?? (await defaultModelId({ signal: AbortSignal.timeout(5_000) }).catch(() => null));
  if (!modelId) throw new AppError("PRECONDITION_FAILED", NO_MODEL);
  const resolved = await resolveModel(modelId);
  const timer = new CallTimer();
  const record = (metrics: ReturnType<CallTimer["finish"]>, error: string | null) =>
    recordModelCall({ provider: resolved.ref.provider, model: resolved.id, agentId: settings.agentId, userId: input.userId, metrics, error });
  try {
    const result = await generateText({
      model: resolved.model,
      ...(settings.systemPrompt ? { system: settings.systemPrompt } : {}),
      prompt: input.prompt,
      ...(settings.temperature !== null ? { temperature: settings.temperature } : {}),
      ...(settings.maxOutputTokens !== null ? { maxOutputTokens: settings.maxOutputTokens } : {}),
      maxRetries: 0,
      ...(input.signal ? { abortSignal: input.signal } : {}),
    });
    const metrics = timer.finish({ usage: result.totalUsage, providerMetadata: result.providerMetadata });
    await record(metrics, null);
    return { text: result.text, model: resolved.id, inputTokens: metrics.inputTokens, outputTokens: metrics.outputTokens, durationMs: Math.round(metrics.durationMs) };
  } catch (err) {
    const message = explainProviderError(err, resolved.context).message;
    await record(timer.finish({}), message);
    throw new Error(message);
  }
}
