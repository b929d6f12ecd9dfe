import type { LanguageModelV4CallOptions, LanguageModelV4Middleware } from "@ai-sdk/provider";

/**
 * The window asked of Ollama unless Settings -> Providers says otherwise: Ollama's own default on
 * machines under 24 GB of VRAM, so a model other programs loaded is not reloaded and takes no more
 * memory than they expect. What changes is that the app now knows the window and trims the history
 * to it, instead of Ollama silently cutting the start of the prompt.
 */
export const DEFAULT_OLLAMA_CONTEXT = 4096;

/**
 * ollama-ai-provider-v2 4.0.1 sends maxOutputTokens, temperature and top_p as top-level fields
 * of /api/chat, where Ollama ignores them; Ollama reads them from `options`. This moves the call
 * settings there (explicit providerOptions.ollama.options still win). `contextLength` becomes
 * num_ctx: without it Ollama runs with its own default window and silently cuts longer prompts.
 */
export function ollamaCallOptions(
  params: LanguageModelV4CallOptions,
  contextLength?: number,
): LanguageModelV4CallOptions {
  const mapped: Record<string, unknown> = {
    num_ctx: contextLength,
    num_predict: params.maxOutputTokens,
    temperature: params.temperature,
    top_p: params.topP,
    top_k: params.topK,
    seed: params.seed,
    stop: params.stopSequences?.length ? params.stopSequences : undefined,
  };
  const defined = Object.fromEntries(Object.entries(mapped).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length === 0) return params;
  const ollama = (params.providerOptions?.ollama ?? {}) as Record<string, unknown>;
  const explicit = (ollama.options ?? {}) as Record<string, unknown>;
  return {
    ...params,
    maxOutputTokens: undefined,
    temperature: undefined,
    topP: undefined,
    topK: undefined,
    seed: undefined,
    stopSequences: undefined,
    providerOptions: {
      ...params.providerOptions,
      ollama: { ...ollama, options: { ...defined, ...explicit } },
    } as LanguageModelV4CallOptions["providerOptions"],
  };
}

export function ollamaOptionsMiddleware(contextLength?: number): LanguageModelV4Middleware {
  return {
    specificationVersion: "v4",
    transformParams: async ({ params }) => ollamaCallOptions(params, contextLength),
  };
}
