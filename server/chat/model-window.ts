import type { ResolvedModel } from "@/lib/ai/providers";
import { modelDetails } from "@/server/providers/catalog";

/** A model's context window rarely changes: asked once per this long, not once per message. */
const KNOWN_TTL_MS = 10 * 60_000;
/** A provider that could not say is asked again sooner. */
const UNKNOWN_TTL_MS = 30_000;
/** The share of the window the history may fill; the rest is for attached files and the answer. */
const HISTORY_SHARE = 0.75;

const cache = new Map<string, { budget: number | null; until: number }>();

/**
 * How many tokens of history a model can take (three quarters of its context window), null when
 * the provider does not say. Cached per model and provider address, because asking costs a
 * request to the provider (Ollama /api/show, a model list) that the time to first token would pay.
 */
export async function historyBudget(model: ResolvedModel, now = Date.now()): Promise<number | null> {
  const key = `${model.context.baseUrl ?? ""} ${model.id}`;
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.budget;
  const contextLength = await modelDetails(model.id, { signal: AbortSignal.timeout(3000) }).then(
    (d) => d.contextLength,
    () => null,
  );
  const budget = contextLength ? Math.floor(contextLength * HISTORY_SHARE) : null;
  cache.set(key, { budget, until: now + (budget === null ? UNKNOWN_TTL_MS : KNOWN_TTL_MS) });
  return budget;
}
