import "server-only";
import path from "node:path";
import { embedMany } from "ai";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveEmbeddingModel } from "@/server/ai/providers";
import { env } from "@/server/env";
import { AppError } from "@/lib/errors";
import { type Embedder, normalise, prefixesFor } from "@/lib/knowledge/embedders/types";
import { transformersEmbedder } from "@/server/knowledge/embedders/transformers";
import { USE_LITE_DIMENSION, USE_LITE_MODEL, createUseLiteEmbedder } from "@/server/knowledge/embedders/use-lite";

export const EMBEDDER_PROVIDERS = ["builtin", "ollama", "compat", "transformers"] as const;
export type EmbedderProvider = (typeof EMBEDDER_PROVIDERS)[number];

export interface EmbedderSpec {
  provider: string;
  model: string;
}

export const DEFAULT_EMBEDDER: EmbedderSpec & { dimension: number } = {
  provider: "builtin",
  model: USE_LITE_MODEL,
  dimension: USE_LITE_DIMENSION,
};

/**
 * "builtin:use-lite", "ollama:nomic-embed-text", "compat:<endpoint>:<model>" or
 * "transformers:<model id or absolute path of a local model folder>" as a spec.
 * The model part of a compat spec keeps "<endpoint>:<model>" so it maps back to a model id.
 */
export function parseEmbedderSpec(text: string): EmbedderSpec {
  const colon = text.indexOf(":");
  const provider = colon > 0 ? text.slice(0, colon) : "";
  const model = text.slice(colon + 1).trim();
  if (!(EMBEDDER_PROVIDERS as readonly string[]).includes(provider) || !model) {
    throw new AppError(
      "BAD_REQUEST",
      `"${text}" is not an embedder. Use builtin:${USE_LITE_MODEL}, ollama:<model> (e.g. ollama:nomic-embed-text), compat:<endpoint>:<model> or transformers:<model id or /path/to/model-folder>.`,
    );
  }
  if (provider === "builtin" && model !== USE_LITE_MODEL)
    throw new AppError("BAD_REQUEST", `The built-in embedder is builtin:${USE_LITE_MODEL}.`);
  return { provider, model };
}

/** Embeddings through the AI SDK (Ollama /api/embed, OpenAI-compatible /v1/embeddings), with the model's prefixes. */
function sdkEmbedder(spec: EmbedderSpec, config?: ProviderConfig): Embedder {
  const prefixes = prefixesFor(spec.model);
  const run = async (values: string[]): Promise<Float32Array[]> => {
    const { model, context } = await resolveEmbeddingModel(`${spec.provider}:${spec.model}`, config);
    try {
      const { embeddings } = await embedMany({ model, values, maxRetries: 1 });
      return embeddings.map(normalise);
    } catch (err) {
      throw new AppError("PRECONDITION_FAILED", `Embedding failed: ${explainProviderError(err, context).message}`);
    }
  };
  return {
    provider: spec.provider,
    model: spec.model,
    batchSize: 64,
    embedDocuments: (texts) => (texts.length ? run(texts.map((t) => prefixes.document + t)) : Promise.resolve([])),
    embedQuery: async (text) => (await run([prefixes.query + text]))[0]!,
  };
}

export function createEmbedder(spec: EmbedderSpec, config?: ProviderConfig): Embedder {
  if (spec.provider === "builtin") return createUseLiteEmbedder();
  if (spec.provider === "transformers")
    return transformersEmbedder(spec.model, { cacheDir: path.join(env.DATA_DIR, "models", "transformers") });
  return sdkEmbedder(spec, config);
}

/** The dimension an embedder produces, learnt from one call (remote models do not declare it). */
export async function probeDimension(embedder: Embedder): Promise<number> {
  if (embedder.provider === "builtin") return USE_LITE_DIMENSION;
  const v = await embedder.embedQuery("dimension probe");
  return v.length;
}
