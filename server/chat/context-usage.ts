import { lastCallTokens } from "@/server/chat/model-calls";
import { estimateTokensBySession } from "@/server/chat/store/history";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { cachedModelDetails, effectiveContextLength } from "@/server/chat/model-window";
import { type ModelRef, parseModelId } from "@/lib/ai/model-id";
import { requestedContextWindow } from "@/server/ai/providers";
import { getSettings } from "@/server/settings/settings";
import { defaultModelId } from "@/server/providers/catalog";

export interface ContextUsage {
  modelId: string | null;
  usedTokens: number;
  /** True until a model has reported real usage for this session: the count is a text-length estimate. */
  estimated: boolean;
  /** The window the model runs with: its own (Ollama /api/show, the model list's context_length, the embedded model's context size), capped by the Ollama context window setting; null when unknown. */
  contextLength: number | null;
  vision: boolean | null;
}

/**
 * What the context meter shows: the last call's input + output tokens (what the conversation
 * now occupies), or an estimate from the saved text before the first call, against the model's
 * context window.
 */
export async function chatContextUsage(input: {
  sessionId: string;
  userId: string;
  modelId?: string | null;
}): Promise<ContextUsage> {
  const session = await getChatSessionOrThrow({ id: input.sessionId, userId: input.userId });
  // The model the next message would go to: the chosen one, the session's, else the default.
  const modelId =
    input.modelId ?? session.modelId ?? (await defaultModelId({ signal: AbortSignal.timeout(5000) }).catch(() => null));
  const [reported, details] = await Promise.all([
    lastCallTokens({ sessionId: session.id }),
    modelId ? cachedModelDetails(modelId) : Promise.resolve(null),
  ]);
  const usedTokens = reported ?? (await estimateTokensBySession({ sessionId: session.id }));
  return {
    modelId,
    usedTokens,
    estimated: reported === null,
    contextLength: effectiveContextLength(details?.contextLength, modelId ? await requestedWindow(modelId) : undefined),
    vision: details?.capabilities.vision ?? null,
  };
}

async function requestedWindow(modelId: string): Promise<number | undefined> {
  let ref: ModelRef;
  try {
    ref = parseModelId(modelId);
  } catch {
    return undefined;
  }
  return requestedContextWindow(ref, (await getSettings()).providers);
}
