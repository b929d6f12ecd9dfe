import "server-only";
import { PROVIDER_LOCALITY, type ProviderKind } from "@/lib/ai/model-id";
import { NotFoundError } from "@/lib/errors";
import type { OpenAICompatibleEndpoint } from "@/lib/settings/schema";
import { getSecretValue } from "@/server/secrets/vault";
import { getSettings } from "@/server/settings/settings";

export const OPENROUTER_SECRET = "openrouter.apiKey";

/** Where each provider is and how to reach it, read fresh from settings and the vault per call. */
export interface ProviderConfig {
  /** Ollama's server URL without the /api suffix. */
  ollamaUrl: string;
  openrouter: { baseUrl: string; apiKey: string | null };
  endpoints: OpenAICompatibleEndpoint[];
  defaultModel: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

export async function getProviderConfig(): Promise<ProviderConfig> {
  const { providers } = await getSettings();
  return {
    ollamaUrl: trimSlash(providers.ollamaUrl).replace(/\/api$/, ""),
    openrouter: { baseUrl: trimSlash(providers.openrouterBaseUrl), apiKey: await getSecretValue(OPENROUTER_SECRET) },
    endpoints: providers.openaiCompatible.map((e) => ({ ...e, baseUrl: trimSlash(e.baseUrl) })),
    defaultModel: providers.defaultModel,
  };
}

export function findEndpoint(config: ProviderConfig, id: string): OpenAICompatibleEndpoint {
  const endpoint = config.endpoints.find((e) => e.id === id);
  if (!endpoint) throw new NotFoundError(`The OpenAI-compatible endpoint "${id}" (Settings -> Providers)`);
  return endpoint;
}

/** Local, Cloud or Hybrid, from which providers are configured. */
export function deploymentMode(config: ProviderConfig): "local" | "cloud" | "hybrid" {
  const kinds: ProviderKind[] = ["ollama", "embedded"];
  if (config.endpoints.some((e) => e.enabled)) kinds.push("compat");
  if (config.openrouter.apiKey) kinds.push("openrouter");
  const places = new Set(kinds.map((k) => PROVIDER_LOCALITY[k]));
  return places.size === 2 ? "hybrid" : places.has("cloud") ? "cloud" : "local";
}
