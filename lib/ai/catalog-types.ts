import type { ProviderKind } from "@/lib/ai/model-id";
import type { TokenPrices } from "@/lib/ai/usage";

/** One model as the pickers, the context meter and Settings -> Providers show it. */
export interface CatalogModel {
  /** The model id to store and to pass to resolveModel. */
  id: string;
  provider: ProviderKind;
  /** "Ollama", "OpenRouter", an endpoint's name, "Embedded model". */
  providerLabel: string;
  name: string;
  contextLength: number | null;
  /** null when the provider does not say. */
  capabilities: { tools: boolean | null; vision: boolean | null; thinking: boolean | null };
  /** Dollars per token; null for local models and when unknown. */
  pricing: TokenPrices | null;
  sizeBytes: number | null;
  /** Ollama: loaded in memory now, and how much of it sits in VRAM. */
  loaded: { sizeVram: number; expiresAt: string | null } | null;
  details: { family?: string; parameterSize?: string; quantization?: string } | null;
}

export interface CatalogProblem {
  provider: ProviderKind;
  label: string;
  message: string;
}

export interface Catalog {
  models: CatalogModel[];
  /** Providers that could not be listed, with the reason; the others are still listed. */
  problems: CatalogProblem[];
}

export interface ConnectionTestResult {
  provider: ProviderKind;
  label: string;
  ok: boolean;
  latencyMs: number | null;
  modelsFound: number | null;
  /** Ollama's version when reachable. */
  version?: string;
  message: string;
}

export interface PullProgress {
  status: string;
  /** 0..100 when the current layer has a size, null for steps without one. */
  percent: number | null;
  completedBytes: number | null;
  totalBytes: number | null;
  done: boolean;
}
