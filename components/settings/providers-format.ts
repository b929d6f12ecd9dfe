import type { CatalogModel } from "@/lib/ai/catalog-types";

/** How the Providers page writes context windows and prices. */
/** 131072 -> "128K", 2048 -> "2K", 1000000 -> "1M" (tokens). */
export function formatContext(tokens: number | null): string {
  if (tokens === null) return "—";
  if (tokens >= 1_000_000) return `${Math.round(tokens / 100_000) / 10}M`;
  if (tokens >= 1024) return `${Math.round(tokens / 1024)}K`;
  return String(tokens);
}

/** Dollars per token as dollars per million tokens: 0.00000015 -> "$0.15". */
export function formatPricePerMillion(perToken: number): string {
  const perMillion = perToken * 1_000_000;
  if (perMillion === 0) return "free";
  return `$${perMillion < 0.01 ? perMillion.toPrecision(2) : perMillion.toFixed(2)}`;
}

export type Capability = "tools" | "vision" | "thinking";

export function capabilitiesOf(model: Pick<CatalogModel, "capabilities">): Capability[] {
  return (["tools", "vision", "thinking"] as const).filter((c) => model.capabilities[c] === true);
}

/** Case-insensitive match on id, name, family, quantisation and capabilities. */
export function matchesSearch(model: CatalogModel, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    model.id,
    model.name,
    model.details?.family,
    model.details?.quantization,
    model.details?.parameterSize,
    ...capabilitiesOf(model),
    model.loaded ? "loaded" : "",
  ]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}
