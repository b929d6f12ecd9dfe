import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * A model id names the provider and the model in one string, so it can be stored on a session,
 * an agent or a setting: `ollama:llama3.2`, `openrouter:openai/gpt-4o-mini`,
 * `compat:<endpoint id>:<model>`, `embedded:<file>.gguf`.
 */
export type ProviderKind = "ollama" | "openrouter" | "compat" | "embedded";

export type ModelRef =
  | { provider: "ollama"; model: string }
  | { provider: "openrouter"; model: string }
  | { provider: "compat"; endpointId: string; model: string }
  | { provider: "embedded"; model: string };

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  ollama: "Ollama",
  openrouter: "OpenRouter",
  compat: "OpenAI-compatible endpoint",
  embedded: "Embedded model",
};

/** Local providers run on this machine or network; cloud ones send the prompt away. */
export const PROVIDER_LOCALITY: Record<ProviderKind, "local" | "cloud"> = {
  ollama: "local",
  openrouter: "cloud",
  compat: "local",
  embedded: "local",
};

const EXAMPLES = "ollama:llama3.2, openrouter:openai/gpt-4o-mini, compat:<endpoint>:<model> or embedded:<file>.gguf";

export function parseModelId(id: string): ModelRef {
  const trimmed = id.trim();
  const colon = trimmed.indexOf(":");
  const provider = trimmed.slice(0, colon);
  const rest = trimmed.slice(colon + 1);
  const invalid = () => new AppError("BAD_REQUEST", `"${id}" is not a model id. Use one like ${EXAMPLES}.`);
  if (colon <= 0 || !rest || /\s/.test(rest) || rest.length > 300) throw invalid();
  switch (provider) {
    case "ollama":
    case "openrouter":
    case "embedded":
      return { provider, model: rest };
    case "compat": {
      const sep = rest.indexOf(":");
      if (sep <= 0 || sep === rest.length - 1) throw invalid();
      return { provider, endpointId: rest.slice(0, sep), model: rest.slice(sep + 1) };
    }
    default:
      throw invalid();
  }
}

export function formatModelId(ref: ModelRef): string {
  return ref.provider === "compat" ? `compat:${ref.endpointId}:${ref.model}` : `${ref.provider}:${ref.model}`;
}

/** A model id as typed input: any form parseModelId accepts. */
export const modelIdSchema = z
  .string()
  .trim()
  .max(400)
  .refine((id) => {
    try {
      parseModelId(id);
      return true;
    } catch {
      return false;
    }
  }, "That is not a model id (for example ollama:llama3.2).");
