import type { ResolvedModel } from "@/server/ai/providers";
import type { CatalogModel } from "@/lib/ai/catalog-types";
import { modelDetails } from "@/server/providers/catalog";

/** A model's details rarely change: asked once per this long, not once per message. */
const KNOWN_TTL_MS = 10 * 60_000;
/** A provider that could not say is asked again sooner. */
const UNKNOWN_TTL_MS = 30_000;
/** The share of the window the history may fill; the rest is for attached files and the answer. */
const HISTORY_SHARE = 0.75;

const cache = new Map<string, { details: CatalogModel | null; until: number }>();

/**
 * A model's details (context window, capabilities) or null when its provider cannot say,
 * cached per model: asking costs a request to the provider (Ollama /api/show, a model list)
 * that every chat turn and every context-meter refresh would otherwise pay.
 */
export async function cachedModelDetails(modelId: string, now = Date.now()): Promise<CatalogModel | null> {
  const hit = cache.get(modelId);
  if (hit && hit.until > now) return hit.details;
  const details = await modelDetails(modelId, { signal: AbortSignal.timeout(3000) }).catch(() => null);
  cache.set(modelId, { details, until: now + (details ? KNOWN_TTL_MS : UNKNOWN_TTL_MS) });
  return details;
}

/**
 * The window a call really gets: the model's own maximum, or less where the app asks the provider
 * for a smaller one (Ollama's num_ctx); null when neither is known.
 */
export function effectiveContextLength(
  modelMax: number | null | undefined,
  requested: number | undefined,
): number | null {
  if (modelMax && requested) return Math.min(modelMax, requested);
  return modelMax || requested || null;
}

/** How many tokens of history a model can take (three quarters of its effective window), null when unknown. */
export async function historyBudget(model: ResolvedModel): Promise<number | null> {
  const window = effectiveContextLength((await cachedModelDetails(model.id))?.contextLength, model.contextWindow);
  return window ? Math.floor(window * HISTORY_SHARE) : null;
}
