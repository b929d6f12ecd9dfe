import { z } from "zod";
import type { CatalogModel, PullProgress } from "@/lib/ai/catalog-types";
import { PROVIDER_LABELS } from "@/lib/ai/model-id";
import { ProviderError, type ProviderErrorContext } from "@/lib/ai/provider-errors";
import { fetchProvider, getJson } from "@/server/providers/http-json";

/** Ollama's own API (/api/tags, /api/ps, /api/show, /api/pull, /api/version), read leniently. */
const detailsSchema = z
  .object({
    family: z.string().optional(),
    parameter_size: z.string().optional(),
    quantization_level: z.string().optional(),
  })
  .partial()
  .optional();

const tagsSchema = z.object({
  models: z
    .array(
      z.object({ name: z.string(), model: z.string().optional(), size: z.number().optional(), details: detailsSchema }),
    )
    .default([]),
});

const psSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string(),
        model: z.string().optional(),
        size_vram: z.number().optional(),
        expires_at: z.string().optional(),
      }),
    )
    .default([]),
});

const showSchema = z.object({
  capabilities: z.array(z.string()).optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
  details: detailsSchema,
});

const pullLineSchema = z.object({
  status: z.string().optional(),
  total: z.number().optional(),
  completed: z.number().optional(),
  error: z.string().optional(),
});

export function ollamaContext(baseUrl: string, model?: string): ProviderErrorContext {
  return { label: PROVIDER_LABELS.ollama, baseUrl, model };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, ctx: ProviderErrorContext): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ProviderError(
      "bad-response",
      `${ctx.label}${ctx.baseUrl ? ` at ${ctx.baseUrl}` : ""} answered in a shape this app does not understand.`,
    );
  return result.data;
}

export async function ollamaVersion(baseUrl: string, signal?: AbortSignal): Promise<string> {
  const ctx = ollamaContext(baseUrl);
  const body = await getJson<unknown>(`${baseUrl}/api/version`, ctx, { signal });
  return parse(z.object({ version: z.string() }), body, ctx).version;
}

export async function ollamaTags(baseUrl: string, signal?: AbortSignal) {
  const ctx = ollamaContext(baseUrl);
  return parse(tagsSchema, await getJson<unknown>(`${baseUrl}/api/tags`, ctx, { signal }), ctx).models;
}

export async function ollamaPs(baseUrl: string, signal?: AbortSignal) {
  const ctx = ollamaContext(baseUrl);
  return parse(psSchema, await getJson<unknown>(`${baseUrl}/api/ps`, ctx, { signal }), ctx).models;
}

export interface OllamaShow {
  contextLength: number | null;
  capabilities: string[] | null;
  details: z.infer<typeof detailsSchema>;
}

export async function ollamaShow(baseUrl: string, model: string, signal?: AbortSignal): Promise<OllamaShow> {
  const ctx = ollamaContext(baseUrl, model);
  const body = parse(
    showSchema,
    await getJson<unknown>(`${baseUrl}/api/show`, ctx, { method: "POST", body: { model }, signal }),
    ctx,
  );
  const info = body.model_info ?? {};
  const key = Object.keys(info).find((k) => k.endsWith(".context_length"));
  const contextLength = key && typeof info[key] === "number" ? (info[key] as number) : null;
  return { contextLength, capabilities: body.capabilities ?? null, details: body.details };
}

/** Removes an installed model from Ollama (its files too). */
export async function ollamaDelete(baseUrl: string, model: string, signal?: AbortSignal): Promise<void> {
  await fetchProvider(`${baseUrl}/api/delete`, ollamaContext(baseUrl, model), {
    method: "DELETE",
    body: { model },
    signal,
  });
}

/** Every installed model with its details and whether it is loaded now. */
export async function ollamaModels(baseUrl: string, signal?: AbortSignal): Promise<CatalogModel[]> {
  const [tags, ps] = await Promise.all([ollamaTags(baseUrl, signal), ollamaPs(baseUrl, signal)]);
  const loaded = new Map(ps.map((m) => [m.name, m]));
  return Promise.all(
    tags.map(async (tag): Promise<CatalogModel> => {
      const show = await ollamaShow(baseUrl, tag.name, signal).catch(() => null);
      const caps = show?.capabilities;
      const running = loaded.get(tag.name);
      const details = show?.details ?? tag.details;
      return {
        id: `ollama:${tag.name}`,
        provider: "ollama",
        providerLabel: PROVIDER_LABELS.ollama,
        name: tag.name,
        contextLength: show?.contextLength ?? null,
        capabilities: caps
          ? { tools: caps.includes("tools"), vision: caps.includes("vision"), thinking: caps.includes("thinking") }
          : { tools: null, vision: null, thinking: null },
        pricing: null,
        sizeBytes: tag.size ?? null,
        loaded: running ? { sizeVram: running.size_vram ?? 0, expiresAt: running.expires_at ?? null } : null,
        details: details
          ? { family: details.family, parameterSize: details.parameter_size, quantization: details.quantization_level }
          : null,
      };
    }),
  );
}

async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n")) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
    }
  }
  if (buffer.trim()) yield buffer.trim();
}

/**
 * Pulls a model by name, yielding progress as Ollama reports it. Stopping the iteration (or the
 * signal) closes the request, which makes Ollama stop the download.
 */
export async function* pullOllamaModel(
  baseUrl: string,
  name: string,
  signal?: AbortSignal,
): AsyncGenerator<PullProgress> {
  const ctx = ollamaContext(baseUrl, name);
  const controller = new AbortController();
  const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
  const response = await fetchProvider(`${baseUrl}/api/pull`, ctx, {
    method: "POST",
    body: { model: name, stream: true },
    signal: combined,
    timeoutMs: 24 * 3600_000,
  });
  if (!response.body) throw new ProviderError("bad-response", "Ollama sent an empty answer to the pull request.");
  let finished = false;
  try {
    for await (const line of ndjsonLines(response.body)) {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = pullLineSchema.safeParse(raw);
      if (!parsed.success) continue;
      const { status, total, completed, error } = parsed.data;
      if (error) {
        const missing = /file does not exist|not found/i.test(error);
        throw new ProviderError(
          missing ? "model-missing" : "server-error",
          missing
            ? `Ollama cannot find a model called "${name}" to download (${error}).`
            : `Ollama could not pull "${name}": ${error}.`,
        );
      }
      const done = status === "success";
      const percent = total ? Math.min(100, Math.round(((completed ?? 0) / total) * 1000) / 10) : done ? 100 : null;
      yield { status: status ?? "", percent, completedBytes: completed ?? null, totalBytes: total ?? null, done };
      if (done) {
        finished = true;
        return;
      }
    }
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    if (combined.aborted) throw new ProviderError("aborted", `The download of "${name}" was stopped.`);
    throw new ProviderError("interrupted", `The connection to Ollama dropped while pulling "${name}". Try again.`);
  } finally {
    if (!finished) controller.abort();
  }
  throw new ProviderError("interrupted", `Ollama stopped answering before "${name}" was fully pulled. Try again.`);
}
