import { z } from "zod";
import type { PullProgress } from "@/lib/ai/catalog-types";
import { getProviderConfig, type ProviderConfig } from "@/server/ai/provider-config";
import { AppError } from "@/lib/errors";
import { pullOllamaModel } from "@/server/providers/ollama-api";

/** Ollama names: "llama3.2", "qwen3:0.6b", "hf.co/user/repo:Q4_K_M". */
export const ollamaModelNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the name of the model to pull, e.g. llama3.2.")
  .max(200, "Use at most 200 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*(:[A-Za-z0-9._-]+)?$/, "Use a model name like llama3.2 or qwen3:0.6b.");

/**
 * Pulls a model into Ollama, yielding progress lines (status, percent) until it is installed.
 * The UI reads this as a stream; leaving the loop or aborting the signal stops the download.
 */
export async function* pullModel(
  name: string,
  options: { signal?: AbortSignal; config?: ProviderConfig } = {},
): AsyncGenerator<PullProgress> {
  const parsed = ollamaModelNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
  const config = options.config ?? (await getProviderConfig());
  yield* pullOllamaModel(config.ollamaUrl, parsed.data, options.signal);
}
