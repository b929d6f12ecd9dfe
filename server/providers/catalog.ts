import type { Catalog, CatalogModel, CatalogProblem } from "@/lib/ai/catalog-types";
import { PROVIDER_LABELS, type ProviderKind, formatModelId, parseModelId } from "@/lib/ai/model-id";
import { getProviderConfig, type ProviderConfig } from "@/server/ai/provider-config";
import { ProviderError, type ProviderFailure } from "@/lib/ai/provider-errors";
import { NotFoundError } from "@/lib/errors";
import type { ConnectionTarget } from "@/server/providers/connection-test";
import { embeddedModels } from "@/server/providers/embedded-models";
import { ollamaModels, ollamaShow } from "@/server/providers/ollama-api";
import { compatModels, openRouterModels } from "@/server/providers/openai-models";

interface Source {
  provider: ProviderKind;
  label: string;
  list: () => Promise<CatalogModel[]>;
}

function sources(config: ProviderConfig, signal?: AbortSignal): Source[] {
  const list: Source[] = [];
  if (config.ollamaEnabled !== false)
    list.push({
      provider: "ollama",
      label: PROVIDER_LABELS.ollama,
      list: () => ollamaModels(config.ollamaUrl, signal),
    });
  list.push({ provider: "embedded", label: PROVIDER_LABELS.embedded, list: () => embeddedModels() });
  if (config.openrouter.apiKey) {
    list.push({
      provider: "openrouter",
      label: PROVIDER_LABELS.openrouter,
      list: () => openRouterModels(config.openrouter.baseUrl, config.openrouter.apiKey, signal),
    });
  }
  for (const endpoint of config.endpoints.filter((e) => e.enabled)) {
    list.push({ provider: "compat", label: endpoint.name, list: () => compatModels(endpoint, signal) });
  }
  return list;
}

/**
 * Every model from every configured provider, listed in parallel. A provider that is down or
 * refuses adds a problem with the reason; the others are still listed.
 */
export async function listModels(options: { config?: ProviderConfig; signal?: AbortSignal } = {}): Promise<Catalog> {
  const config = options.config ?? (await getProviderConfig());
  const all = sources(config, options.signal);
  const results = await Promise.allSettled(all.map((s) => s.list()));
  const models: CatalogModel[] = [];
  const problems: CatalogProblem[] = [];
  results.forEach((result, i) => {
    if (result.status === "fulfilled") models.push(...result.value);
    else
      problems.push({
        provider: all[i]!.provider,
        label: all[i]!.label,
        message: result.reason instanceof Error ? result.reason.message : String(result.reason),
      });
  });
  return { models, problems };
}

/**
 * One provider's models for its card in Settings -> Providers, or why they cannot be listed.
 * OpenRouter's list is public, so it is shown even before a key is set.
 */
export async function listProviderModels(
  target: ConnectionTarget,
  options: { config?: ProviderConfig; signal?: AbortSignal } = {},
): Promise<{ models: CatalogModel[]; problem: string | null; failure: ProviderFailure | null }> {
  const config = options.config ?? (await getProviderConfig());
  const signal = options.signal;
  const list = (): Promise<CatalogModel[]> => {
    switch (target.provider) {
      case "ollama":
        return ollamaModels(config.ollamaUrl, signal);
      case "openrouter":
        return openRouterModels(config.openrouter.baseUrl, config.openrouter.apiKey, signal);
      case "compat": {
        const endpoint = config.endpoints.find((e) => e.id === target.endpointId);
        if (!endpoint) throw new NotFoundError(`The OpenAI-compatible endpoint "${target.endpointId}"`);
        return compatModels(endpoint, signal);
      }
      case "embedded":
        return embeddedModels();
    }
  };
  try {
    return { models: await list(), problem: null, failure: null };
  } catch (err) {
    if (err instanceof NotFoundError) throw err;
    // The card says itself how to reach this provider; the generic advice would repeat it.
    if (err instanceof ProviderError)
      return { models: [], problem: err.details.headline ?? err.message, failure: err.failure };
    return { models: [], problem: err instanceof Error ? err.message : String(err), failure: null };
  }
}

/** One model's details (context length for the meter, capabilities for attachments and tools). */
export async function modelDetails(
  id: string,
  options: { config?: ProviderConfig; signal?: AbortSignal } = {},
): Promise<CatalogModel> {
  const ref = parseModelId(id);
  const config = options.config ?? (await getProviderConfig());
  const canonical = formatModelId(ref);
  let found: CatalogModel | undefined;
  switch (ref.provider) {
    case "ollama": {
      const show = await ollamaShow(config.ollamaUrl, ref.model, options.signal);
      const caps = show.capabilities;
      found = {
        id: canonical,
        provider: "ollama",
        providerLabel: PROVIDER_LABELS.ollama,
        name: ref.model,
        contextLength: show.contextLength,
        capabilities: caps
          ? { tools: caps.includes("tools"), vision: caps.includes("vision"), thinking: caps.includes("thinking") }
          : { tools: null, vision: null, thinking: null },
        pricing: null,
        sizeBytes: null,
        loaded: null,
        details: show.details
          ? {
              family: show.details.family,
              parameterSize: show.details.parameter_size,
              quantization: show.details.quantization_level,
            }
          : null,
      };
      break;
    }
    case "openrouter":
      found = (await openRouterModels(config.openrouter.baseUrl, config.openrouter.apiKey, options.signal)).find(
        (m) => m.id === canonical,
      );
      break;
    case "compat": {
      const endpoint = config.endpoints.find((e) => e.id === ref.endpointId);
      if (endpoint) found = (await compatModels(endpoint, options.signal)).find((m) => m.id === canonical);
      break;
    }
    case "embedded":
      found = (await embeddedModels()).find((m) => m.id === canonical);
      break;
  }
  if (!found) throw new NotFoundError(`The model ${canonical}`);
  return found;
}

/** Local providers first: a cloud default is used only when no local one is available. */
const DEFAULT_ORDER: ProviderKind[] = ["ollama", "compat", "embedded", "openrouter"];

/**
 * The model a chat uses when it names none: the default-model setting; else the first
 * per-provider default (local ones first) that the listed models offer; else the first model listed.
 */
export function pickDefaultModel(config: ProviderConfig, models: Pick<CatalogModel, "id">[]): string | null {
  if (config.defaultModel) return config.defaultModel;
  const listed = new Set(models.map((m) => m.id));
  for (const provider of DEFAULT_ORDER) {
    const id = config.defaults?.[provider];
    // Ollama lists "llama3.2" as "llama3.2:latest".
    const candidates = id ? [id, provider === "ollama" && !id.slice(7).includes(":") ? `${id}:latest` : id] : [];
    const found = candidates.find((c) => listed.has(c));
    if (found) return found;
  }
  return models[0]?.id ?? null;
}

export async function defaultModelId(
  options: { config?: ProviderConfig; signal?: AbortSignal } = {},
): Promise<string | null> {
  const config = options.config ?? (await getProviderConfig());
  if (config.defaultModel) return config.defaultModel;
  const { models } = await listModels({ config, signal: options.signal });
  return pickDefaultModel(config, models);
}
