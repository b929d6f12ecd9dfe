import type { ConnectionTestResult } from "@/lib/ai/catalog-types";
import { PROVIDER_LABELS } from "@/lib/ai/model-id";
import { findEndpoint, getProviderConfig, type ProviderConfig } from "@/server/ai/provider-config";
import { ProviderError } from "@/lib/ai/provider-errors";
import { embeddedModels } from "@/server/providers/embedded-models";
import { getJson } from "@/server/providers/http-json";
import { ollamaTags, ollamaVersion } from "@/server/providers/ollama-api";
import { compatModels, openRouterModels } from "@/server/providers/openai-models";

/** Why a test failed, for the status badge: down, wrong key, no key, too slow, not that kind of server, other. */
export type ConnectionFailure = "unreachable" | "auth" | "missing-key" | "timeout" | "bad-url" | "error";

export type ProviderTestResult = ConnectionTestResult & { failure?: ConnectionFailure };

export type ConnectionTarget =
  | { provider: "ollama" }
  | { provider: "openrouter" }
  | { provider: "compat"; endpointId: string }
  | { provider: "embedded" };

async function probe(
  target: ConnectionTarget,
  config: ProviderConfig,
  signal?: AbortSignal,
): Promise<{ label: string; models: number; version?: string }> {
  switch (target.provider) {
    case "ollama": {
      const version = await ollamaVersion(config.ollamaUrl, signal);
      return { label: PROVIDER_LABELS.ollama, version, models: (await ollamaTags(config.ollamaUrl, signal)).length };
    }
    case "openrouter": {
      if (!config.openrouter.apiKey)
        throw new ProviderError("missing-key", "No OpenRouter API key is set. Add it above, then test again.");
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
  await getJson<unknown>(
    `${config.openrouter.baseUrl}/key`,
    { label: PROVIDER_LABELS.openrouter, baseUrl: config.openrouter.baseUrl },
    {
      signal,
      headers: { authorization: `Bearer ${config.openrouter.apiKey}` },
    },
  );
}

const labelOf = (target: ConnectionTarget, config: ProviderConfig): string => {
  if (target.provider !== "compat") return PROVIDER_LABELS[target.provider];
  return config.endpoints.find((e) => e.id === target.endpointId)?.name ?? target.endpointId;
};

const urlOf = (target: ConnectionTarget, config: ProviderConfig): string | undefined => {
  if (target.provider === "ollama") return config.ollamaUrl;
  if (target.provider === "openrouter") return config.openrouter.baseUrl;
  if (target.provider === "compat") return config.endpoints.find((e) => e.id === target.endpointId)?.baseUrl;
  return undefined;
};

/** The sentence for a failed test: a timeout and "nothing of that kind here" get their own. */
function describeFailure(
  err: Error,
  target: ConnectionTarget,
  config: ProviderConfig,
  timedOut: boolean,
  timeoutMs: number,
): { failure: ConnectionFailure; message: string } {
  const label = labelOf(target, config);
  const url = urlOf(target, config);
  if (timedOut) {
    return {
      failure: "timeout",
      message: `${label} did not answer within ${timeoutMs / 1000} s${url ? ` at ${url}` : ""}. Check that it is running and that the address is right.`,
    };
  }
  if (!(err instanceof ProviderError)) return { failure: "error", message: err.message };
  if (err.details.status === 404 && url) {
    const hint =
      target.provider === "compat"
        ? " OpenAI-compatible servers usually end in /v1."
        : target.provider === "ollama"
          ? " Ollama's address has no path, e.g. http://localhost:11434."
          : "";
    return {
      failure: "bad-url",
      message: `${url} answered 404: it does not look like the ${target.provider === "compat" ? "OpenAI-compatible" : label} API. Check the URL.${hint}`,
    };
  }
  const kinds: Partial<Record<string, ConnectionFailure>> = {
    unreachable: "unreachable",
    auth: "auth",
    "missing-key": "missing-key",
  };
  return { failure: kinds[err.failure] ?? "error", message: err.message };
}

export const CONNECTION_TEST_TIMEOUT_MS = 8000;

/** Settings -> Providers "Test": reachable or not, how fast, how many models, or exactly why not. */
export async function testConnection(
  target: ConnectionTarget,
  options: { config?: ProviderConfig; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ProviderTestResult> {
  const config = options.config ?? (await getProviderConfig());
  const timeoutMs = options.timeoutMs ?? CONNECTION_TEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = performance.now();
  try {
    const { label, models, version } = await probe(target, config, signal);
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
    const timedOut = timeout.aborted && !options.signal?.aborted;
    return {
      provider: target.provider,
      label: labelOf(target, config),
      ok: false,
      latencyMs: null,
      modelsFound: null,
      ...describeFailure(err, target, config, timedOut, timeoutMs),
    };
  }
}
