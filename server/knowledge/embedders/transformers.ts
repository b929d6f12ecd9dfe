import { existsSync } from "node:fs";
import path from "node:path";
import type { FeatureExtractionPipeline } from "@huggingface/transformers";
import { AppError } from "@/lib/errors";
import { type Embedder, normalise, prefixesFor } from "@/lib/knowledge/embedders/types";

/**
 * Sentence embeddings with @huggingface/transformers on onnxruntime-node (CPU), mean-pooled and
 * normalised. The model is either an absolute path to a local model folder (config.json,
 * tokenizer.json and onnx/model.onnx or onnx/model_quantized.onnx; nothing is downloaded) or a
 * Hugging Face model id (e.g. Xenova/all-MiniLM-L6-v2), downloaded once into `cacheDir` when the
 * machine is online.
 */
export interface TransformersOptions {
  /** Where downloaded models are kept (under the data directory). */
  cacheDir: string;
}

export function isLocalModel(model: string): boolean {
  return path.isAbsolute(model);
}

/**
 * What a local model folder lacks, in words, or null when it looks complete. The folders are
 * chosen at run time: turbopackIgnore keeps the build from tracing (and shipping) the whole project.
 */
export function localModelProblem(folder: string): string | null {
  if (!existsSync(/*turbopackIgnore: true*/ folder)) return `the folder ${folder} does not exist`;
  const missing = ["config.json", "tokenizer.json"].filter((f) => !has(folder, f));
  if (!has(folder, "onnx", "model.onnx") && !has(folder, "onnx", "model_quantized.onnx"))
    missing.push("onnx/model.onnx (or onnx/model_quantized.onnx)");
  return missing.length ? `${folder} has no ${missing.join(", ")}` : null;
}

/** Whether the file exists in a folder chosen at run time (the ignore goes on the joined path: that is what the build traces). */
function has(folder: string, ...parts: string[]): boolean {
  return existsSync(path.join(/*turbopackIgnore: true*/ folder, ...parts));
}

const loaded = new Map<string, Promise<FeatureExtractionPipeline>>();

async function load(model: string, opts: TransformersOptions): Promise<FeatureExtractionPipeline> {
  const { pipeline } = await import("@huggingface/transformers");
  if (isLocalModel(model)) {
    const problem = localModelProblem(model);
    if (problem) throw new Error(problem);
    const quantizedOnly = !has(model, "onnx", "model.onnx");
    return pipeline("feature-extraction", model, {
      local_files_only: true,
      dtype: quantizedOnly ? "q8" : "fp32",
      device: "cpu",
    });
  }
  return pipeline("feature-extraction", model, { cache_dir: opts.cacheDir, dtype: "fp32", device: "cpu" });
}

function extractor(model: string, opts: TransformersOptions): Promise<FeatureExtractionPipeline> {
  let p = loaded.get(model);
  if (!p) {
    p = load(model, opts).catch((err: unknown) => {
      loaded.delete(model);
      const reason = err instanceof Error ? err.message : String(err);
      throw new AppError(
        "PRECONDITION_FAILED",
        isLocalModel(model)
          ? `The transformers model could not be loaded: ${reason}. Point the embedder at a folder with an ONNX export of a sentence-embedding model (config.json, tokenizer.json, onnx/model.onnx).`
          : `The transformers model ${model} could not be loaded: ${reason}. A model id is downloaded once when the machine is online; offline, use the path of a local model folder instead.`,
      );
    });
    loaded.set(model, p);
  }
  return p;
}

export function transformersEmbedder(model: string, opts: TransformersOptions): Embedder {
  const prefixes = prefixesFor(model);
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const extract = await extractor(model, opts);
    const output = await extract(texts, { pooling: "mean", normalize: true });
    const [rows, dimension] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, i) => normalise(data.subarray(i * dimension, (i + 1) * dimension)));
  };
  return {
    provider: "transformers",
    model,
    // Attention cost grows with the batch's longest passage; 16 keeps a 2-core machine responsive.
    batchSize: 16,
    embedDocuments: (texts) => (texts.length ? run(texts.map((t) => prefixes.document + t)) : Promise.resolve([])),
    embedQuery: async (text) => (await run([prefixes.query + text]))[0]!,
  };
}
