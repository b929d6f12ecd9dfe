import "server-only";
import type { ProviderKind } from "@/lib/ai/model-id";
import { NotFoundError } from "@/lib/errors";
import type { OpenAICompatibleEndpoint } from "@/lib/settings/schema";
import { getSecretValue } from "@/server/secrets/vault";
import { getSettings } from "@/server/settings/settings";

export const OPENROUTER_SECRET = "openrouter.apiKey";

/** Each provider's default model id ("" when none is set). */
export type ProviderDefaults = Record<ProviderKind, string>;

/** Where each provider is and how to reach it, read fresh from settings and the vault per call. */
export interface ProviderConfig {
  /** Ollama's server URL without the /api suffix. */
  ollamaUrl: string;
  /** False leaves Ollama out of the catalog and the deployment mode; absent means on. */
  ollamaEnabled?: boolean;
  /** num_ctx for every Ollama chat request; absent means DEFAULT_OLLAMA_CONTEXT. */
  ollamaContextLength?: number;
  /** Seconds without a byte from the provider before a call is stopped; absent means no limit. */
  idleTimeoutSeconds?: number;
  openrouter: { baseUrl: string; apiKey: string | null };
  endpoints: OpenAICompatibleEndpoint[];
  defaultModel: string;
  /** Per-provider defaults, used when defaultModel is empty; absent means none. */
  defaults?: ProviderDefaults;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

export async function getProviderConfig(): Promise<ProviderConfig> {
  const { providers } = await getSettings();
  return {
    ollamaUrl: trimSlash(providers.ollamaUrl).replace(/\/api$/, ""),
    ollamaEnabled: providers.ollamaEnabled,
    ollamaContextLength: providers.ollamaContextLength,
    idleTimeoutSeconds: providers.idleTimeoutSeconds,
    openrouter: { baseUrl: trimSlash(providers.openrouterBaseUrl), apiKey: await getSecretValue(OPENROUTER_SECRET) },
    endpoints: providers.openaiCompatible.map((e) => ({ ...e, baseUrl: trimSlash(e.baseUrl) })),
    defaultModel: providers.defaultModel,
    defaults: {
      ollama: providers.defaultOllamaModel,
      compat: providers.defaultCompatModel,
      openrouter: providers.defaultOpenrouterModel,
      embedded: providers.defaultEmbeddedModel,
    },
  };
}

export function findEndpoint(config: ProviderConfig, id: string): OpenAICompatibleEndpoint {
  const endpoint = config.endpoints.find((e) => e.id === id);
  if (!endpoint) throw new NotFoundError(`The OpenAI-compatible endpoint "${id}" (Settings -> Providers)`);
  return endpoint;
}
