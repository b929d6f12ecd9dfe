import { z } from "zod";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import { PROVIDER_LABELS } from "@/lib/ai/model-id";
import { ProviderError, type ProviderErrorContext } from "@/lib/ai/provider-errors";
import type { OpenAICompatibleEndpoint } from "@/lib/settings/schema";
import { getJson } from "@/server/providers/http-json";

/** /models of OpenRouter (prices, context, modalities) and of OpenAI-compatible servers. */
const price = z
  .union([z.string(), z.number()])
  .transform((v) => Number(v))
  .pipe(z.number().finite());

const openRouterModelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      context_length: z.number().nullish(),
      pricing: z.object({ prompt: price, completion: price }).partial().nullish(),
      architecture: z
        .object({ input_modalities: z.array(z.string()).nullish() })
        .partial()
        .nullish(),
      supported_parameters: z.array(z.string()).nullish(),
    }),
  ),
});

const compatModelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      // vLLM, LM Studio and llama.cpp server name the window differently, when they give it at all.
      max_model_len: z.number().nullish(),
      context_length: z.number().nullish(),
      max_context_length: z.number().nullish(),
    }),
  ),
});

function shapeError(ctx: ProviderErrorContext): ProviderError {
  return new ProviderError(
    "bad-response",
    `${ctx.label}${ctx.baseUrl ? ` at ${ctx.baseUrl}` : ""} answered /models in a shape this app does not understand.`,
  );
}

const CACHE_MS = 10 * 60_000;
const openRouterCache = new Map<string, { at: number; models: CatalogModel[] }>();

export async function openRouterModels(
  baseUrl: string,
  apiKey: string | null,
  signal?: AbortSignal,
  fresh = false,
): Promise<CatalogModel[]> {
  const cached = openRouterCache.get(baseUrl);
  if (!fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.models;
  const ctx: ProviderErrorContext = { label: PROVIDER_LABELS.openrouter, baseUrl };
  const body = await getJson<unknown>(`${baseUrl}/models`, ctx, {
    signal,
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
  });
  const parsed = openRouterModelsSchema.safeParse(body);
  if (!parsed.success) throw shapeError(ctx);
  const models = parsed.data.data.map((m): CatalogModel => {
    const params = m.supported_parameters ?? null;
    return {
      id: `openrouter:${m.id}`,
      provider: "openrouter",
      providerLabel: PROVIDER_LABELS.openrouter,
      name: m.name ?? m.id,
      contextLength: m.context_length ?? null,
      capabilities: {
        tools: params ? params.includes("tools") : null,
        vision: m.architecture?.input_modalities ? m.architecture.input_modalities.includes("image") : null,
        thinking: params ? params.includes("reasoning") : null,
      },
      pricing:
        m.pricing?.prompt !== undefined && m.pricing.completion !== undefined
          ? { prompt: m.pricing.prompt, completion: m.pricing.completion }
          : null,
      sizeBytes: null,
      loaded: null,
      details: null,
    };
  });
  openRouterCache.set(baseUrl, { at: Date.now(), models });
  return models;
}

export async function compatModels(endpoint: OpenAICompatibleEndpoint, signal?: AbortSignal): Promise<CatalogModel[]> {
  const ctx: ProviderErrorContext = { label: endpoint.name, baseUrl: endpoint.baseUrl };
  const parsed = compatModelsSchema.safeParse(await getJson<unknown>(`${endpoint.baseUrl}/models`, ctx, { signal }));
  if (!parsed.success) throw shapeError(ctx);
  return parsed.data.data.map((m) => ({
    id: `compat:${endpoint.id}:${m.id}`,
    provider: "compat",
    providerLabel: endpoint.name,
    name: m.id,
    contextLength: m.max_model_len ?? m.context_length ?? m.max_context_length ?? null,
    capabilities: { tools: null, vision: null, thinking: null },
    pricing: null,
    sizeBytes: null,
    loaded: null,
    details: null,
  }));
}
