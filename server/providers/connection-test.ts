import type { ConnectionTestResult } from "@/lib/ai/catalog-types";
import { PROVIDER_LABELS } from "@/lib/ai/model-id";
import { findEndpoint, getProviderConfig, type ProviderConfig } from "@/lib/ai/provider-config";
import { ProviderError } from "@/lib/ai/provider-errors";
import { embeddedModels } from "@/server/providers/embedded-models";
import { getJson } from "@/server/providers/http-json";
import { ollamaTags, ollamaVersion } from "@/server/providers/ollama-api";
import { compatModels, openRouterModels } from "@/server/providers/openai-models";

export type ConnectionTarget = { provider: "ollama" } | { provider: "openrouter" } | { provider: "compat"; endpointId: string } | { provider: "embedded" };

async function probe(target: ConnectionTarget, config: ProviderConfig, signal?: AbortSignal): Promise<{ label: string; models: number; version?: string }> {
  switch (target.provider) {
    case "ollama": {
      const version = await ollamaVersion(config.ollamaUrl, signal);
      return { label: PROVIDER_LABELS.ollama, version, models: (await ollamaTags(config.ollamaUrl, signal)).length };
    }
    case "openrouter": {
      if (!config.openrouter.apiKey) throw new ProviderError("missing-key", "No OpenRouter API key is set. Add it above, then test again.");
      // /models is public: only the key check proves the key works.
      const models = await openRouterModels(config.openrouter.baseUrl, config.openrouter.apiKey, signal, true);
      await checkOpenRouterKey(config, signal);
      return { label: PROVIDER_LABELS.openrouter, models: models.length };
    }
    case "compat": {
      const endpoint = findEndpoint(config, target.endpointId);
      return { label: endpoint.name, models: (await compatModels(endpoint, signal)).length };
    }
    case "embedded":
      return { label: PROVIDER_LABELS.embedded, models: (await embeddedModels()).length };
  }
}

async function checkOpenRouterKey(config: ProviderConfig, signal?: AbortSignal): Promise<void> {
  await getJson<unknown>(`${config.openrouter.baseUrl}/key`, { label: PROVIDER_LABELS.openrouter, baseUrl: config.openrouter.baseUrl }, {
    signal,
    headers: { authorization: `Bearer ${config.openrouter.apiKey}` },
  });
}

const labelOf = (target: ConnectionTarget, config: ProviderConfig): string => {
  if (target.provider !== "compat") return PROVIDER_LABELS[target.provider];
  return config.endpoints.find((e) => e.id === target.endpointId)?.name ?? target.endpointId;
};

/** Settings -> Providers "Test": reachable or not, how fast, how many models, or exactly why not. */
export async function testConnection(target: ConnectionTarget, options: { config?: ProviderConfig; signal?: AbortSignal } = {}): Promise<ConnectionTestResult> {
  const config = options.config ?? (await getProviderConfig());
  const started = performance.now();
  try {
    const { label, models, version } = await probe(target, config, options.signal);
    const latencyMs = Math.round(performance.now() - started);
    const found = models === 1 ? "1 model" : `${models} models`;
    return {
      provider: target.provider,
      label,
      ok: true,
      latencyMs,
      modelsFound: models,
      ...(version ? { version } : {}),
      message: `${label} answered in ${latencyMs} ms${version ? ` (version ${version})` : ""}: ${found} found.`,
    };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    return { provider: target.provider, label: labelOf(target, config), ok: false, latencyMs: null, modelsFound: null, message: err.message };
  }
}
