/**
 * Token, time and cost accounting for one model call, as plain functions: the chat route feeds
 * them what the AI SDK reports and stores the result (ModelCall).
 */

/** Dollars per token, as OpenRouter lists them. */
export interface TokenPrices {
  prompt: number;
  completion: number;
}

export interface CallUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  totalTokens: number | null;
}

interface SdkUsageLike {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  totalTokens?: number | undefined;
  outputTokenDetails?: { reasoningTokens?: number | undefined };
  reasoningTokens?: number | undefined;
}

const orNull = (n: number | undefined): number | null => (typeof n === "number" && Number.isFinite(n) ? n : null);

/** The AI SDK's usage (LanguageModelUsage) in the shape the app stores; unknown counts are null. */
export function usageFrom(usage: SdkUsageLike | undefined): CallUsage {
  const inputTokens = orNull(usage?.inputTokens);
  const outputTokens = orNull(usage?.outputTokens);
  const total =
    orNull(usage?.totalTokens) ?? (inputTokens !== null && outputTokens !== null ? inputTokens + outputTokens : null);
  return {
    inputTokens,
    outputTokens,
    reasoningTokens: orNull(usage?.outputTokenDetails?.reasoningTokens ?? usage?.reasoningTokens),
    totalTokens: total,
  };
}

/** The cost OpenRouter reported for the call (providerMetadata.openrouter.usage.cost), if any. */
export function reportedCost(providerMetadata: unknown): number | null {
  const cost = (providerMetadata as { openrouter?: { usage?: { cost?: unknown } } } | undefined)?.openrouter?.usage
    ?.cost;
  return typeof cost === "number" && Number.isFinite(cost) ? cost : null;
}

/** Cost from the listed prices when the provider reported none. */
export function priceCost(usage: CallUsage, prices: TokenPrices | null | undefined): number | null {
  if (!prices || usage.inputTokens === null || usage.outputTokens === null) return null;
  return usage.inputTokens * prices.prompt + usage.outputTokens * prices.completion;
}

/** Output tokens per second, counted from the first token (generation speed, not waiting time). */
export function tokensPerSecond(
  outputTokens: number | null,
  firstTokenAt: number | null,
  finishedAt: number,
): number | null {
  if (!outputTokens || firstTokenAt === null) return null;
  const seconds = (finishedAt - firstTokenAt) / 1000;
  if (seconds <= 0) return null;
  return outputTokens / seconds;
}

/** Named like the ModelCall columns, so a finished call maps onto a row field by field. */
export interface CallMetrics extends CallUsage {
  ttftMs: number | null;
  durationMs: number;
  tokensPerSecond: number | null;
  costUsd: number | null;
}

/**
 * Times a call: create it before the request, call firstToken() on every streamed delta (only
 * the first counts) and finish() with the usage at the end.
 */
export class CallTimer {
  readonly startedAt: number;
  private firstTokenAt: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.startedAt = now();
  }

  firstToken(): void {
    this.firstTokenAt ??= this.now();
  }

  finish(input: { usage?: SdkUsageLike; providerMetadata?: unknown; prices?: TokenPrices | null }): CallMetrics {
    const finishedAt = this.now();
    const usage = usageFrom(input.usage);
    return {
      ...usage,
      ttftMs: this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt,
      durationMs: finishedAt - this.startedAt,
      tokensPerSecond: tokensPerSecond(usage.outputTokens, this.firstTokenAt, finishedAt),
      costUsd: reportedCost(input.providerMetadata) ?? priceCost(usage, input.prices),
    };
  }
}

/** "$0.0012", "< $0.0001", or "" when unknown, for per-message display. */
export function formatCost(costUsd: number | null): string {
  if (costUsd === null) return "";
  if (costUsd === 0) return "$0";
  if (costUsd < 0.0001) return "< $0.0001";
  return `$${costUsd.toFixed(costUsd < 0.01 ? 4 : 2)}`;
}

/** Share of the context window in use, 0..1, for the context meter. */
export function contextShare(usedTokens: number, contextLength: number | null): number | null {
  if (!contextLength || contextLength <= 0) return null;
  return Math.min(1, Math.max(0, usedTokens / contextLength));
}

/**
 * A rough token count (about 4 characters a token in English) for the context meter before the
 * provider has reported real usage; replace it with the reported input tokens once known.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}
