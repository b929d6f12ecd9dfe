import "server-only";
import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { wrapLanguageModel } from "ai";
import { createOllama } from "ollama-ai-provider-v2";
import { EmbeddedLanguageModel } from "@/server/ai/embedded/embedded-model";
import { ggufPath } from "@/server/ai/embedded/models-folder";
import { DEFAULT_OLLAMA_CONTEXT, ollamaOptionsMiddleware } from "@/lib/ai/ollama-options";
import { type ModelRef, PROVIDER_LABELS, formatModelId, parseModelId } from "@/lib/ai/model-id";
import { findEndpoint, getProviderConfig, type ProviderConfig } from "@/server/ai/provider-config";
import { fetchWithIdleTimeout } from "@/server/ai/idle-timeout";
import { providerFetch } from "@/server/ai/provider-fetch";
import { explainProviderError, ProviderError, type ProviderErrorContext } from "@/lib/ai/provider-errors";
import { AppError } from "@/lib/errors";

/**
 * The only door to the provider packages: a model id in, an AI SDK model out, plus what is
 * needed to explain that provider's errors. Settings and the vault are read per call, so a
 * changed URL or key takes effect at the next message.
 */
export interface ResolvedModel {
  id: string;
  ref: ModelRef;
  model: LanguageModelV4;
  /** For explainProviderError and for people: which provider, where, which model. */
  context: ProviderErrorContext;
  /** The window the app asks the provider to run the model with (Ollama's num_ctx); the model's own maximum still applies. */
  contextWindow?: number;
}

/** The window the app asks a provider to run a model with, where it asks for one (Ollama's num_ctx). */
export function requestedContextWindow(
  ref: ModelRef,
  cfg: Pick<ProviderConfig, "ollamaContextLength">,
): number | undefined {
  return ref.provider === "ollama" ? (cfg.ollamaContextLength ?? DEFAULT_OLLAMA_CONTEXT) : undefined;
}

const APP_HEADERS = { "X-Title": "Local AI Platform" };

function requireOpenRouterKey(config: ProviderConfig): string {
  if (!config.openrouter.apiKey) {
    throw new ProviderError(
      "missing-key",
      "No OpenRouter API key is set. Add it in Settings -> Providers (OpenRouter API key).",
    );
  }
  return config.openrouter.apiKey;
}

/** The fetch of one model call: Node's own, stopped when the provider goes quiet (see idle-timeout.ts). */
function callFetch(cfg: Pick<ProviderConfig, "idleTimeoutSeconds">): typeof fetch {
  return cfg.idleTimeoutSeconds ? fetchWithIdleTimeout(providerFetch, cfg.idleTimeoutSeconds) : providerFetch;
}

export async function resolveModel(id: string, config?: ProviderConfig): Promise<ResolvedModel> {
  const ref = parseModelId(id);
  const cfg = config ?? (await getProviderConfig());
  const canonicalId = formatModelId(ref);
  switch (ref.provider) {
    case "ollama": {
      const ollama = createOllama({ baseURL: `${cfg.ollamaUrl}/api`, compatibility: "strict", fetch: callFetch(cfg) });
      const contextWindow = requestedContextWindow(ref, cfg);
      const model = wrapLanguageModel({
        model: ollama.chat(ref.model),
        middleware: ollamaOptionsMiddleware(contextWindow),
      });
      return {
        id: canonicalId,
        ref,
        model,
        contextWindow,
        context: { label: PROVIDER_LABELS.ollama, model: ref.model, baseUrl: cfg.ollamaUrl },
      };
    }
    case "openrouter": {
      const openrouter = createOpenRouter({
        baseURL: cfg.openrouter.baseUrl,
        apiKey: requireOpenRouterKey(cfg),
        compatibility: "strict",
        appName: APP_HEADERS["X-Title"],
        fetch: callFetch(cfg),
      });
      return {
        id: canonicalId,
        ref,
        model: openrouter.chat(ref.model, { usage: { include: true } }),
        context: { label: PROVIDER_LABELS.openrouter, model: ref.model, baseUrl: cfg.openrouter.baseUrl },
      };
    }
    case "compat": {
      const endpoint = findEndpoint(cfg, ref.endpointId);
      if (!endpoint.enabled)
        throw new AppError(
          "PRECONDITION_FAILED",
          `The endpoint "${endpoint.name}" is turned off. Turn it on in Settings -> Providers.`,
        );
      const provider = createOpenAICompatible({
        name: `compat.${endpoint.id}`,
        baseURL: endpoint.baseUrl,
        includeUsage: true,
        fetch: callFetch(cfg),
      });
      return {
        id: canonicalId,
        ref,
        model: provider.chatModel(ref.model),
        context: { label: endpoint.name, model: ref.model, baseUrl: endpoint.baseUrl },
      };
    }
    case "embedded": {
      const file = await ggufPath(ref.model);
      return {
        id: canonicalId,
        ref,
        model: new EmbeddedLanguageModel(ref.model, file),
        context: { label: PROVIDER_LABELS.embedded, model: ref.model },
      };
    }
  }
}

/** Embeddings from Ollama or an OpenAI-compatible endpoint (the others have none to offer). */
export async function resolveEmbeddingModel(
  id: string,
  config?: ProviderConfig,
): Promise<{ model: EmbeddingModelV4; context: ProviderErrorContext }> {
  const ref = parseModelId(id);
  const cfg = config ?? (await getProviderConfig());
  if (ref.provider === "ollama") {
    const ollama = createOllama({ baseURL: `${cfg.ollamaUrl}/api`, fetch: callFetch(cfg) });
    return {
      model: ollama.embeddingModel(ref.model),
      context: { label: PROVIDER_LABELS.ollama, model: ref.model, baseUrl: cfg.ollamaUrl },
    };
  }
  if (ref.provider === "compat") {
    const endpoint = findEndpoint(cfg, ref.endpointId);
    const provider = createOpenAICompatible({
      name: `compat.${endpoint.id}`,
      baseURL: endpoint.baseUrl,
      fetch: callFetch(cfg),
    });
    return {
      model: provider.embeddingModel(ref.model),
      context: { label: endpoint.name, model: ref.model, baseUrl: endpoint.baseUrl },
    };
  }
  throw new AppError(
    "BAD_REQUEST",
    `${PROVIDER_LABELS[ref.provider]} models cannot make embeddings here; use an Ollama or OpenAI-compatible embedding model.`,
  );
}

export { explainProviderError, ProviderError };
