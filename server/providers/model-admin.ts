import { rm } from "node:fs/promises";
import { downloadGguf } from "@/server/ai/embedded/gguf-download";
import { addGgufFromPath, ggufPath } from "@/server/ai/embedded/models-folder";
import { getProviderConfig } from "@/server/ai/provider-config";
import { AppError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { recordAudit } from "@/server/audit";
import { ollamaDelete } from "@/server/providers/ollama-api";
import { ollamaModelNameSchema, pullModel } from "@/server/providers/ollama-pull";
import { type ProviderJob, startJob } from "@/server/providers/provider-jobs";

/**
 * What an admin changes about the installed models: pull and delete Ollama models, add, download
 * and remove GGUF files. Each change is audited; downloads run as provider jobs with progress.
 */
type Actor = Pick<AuthUser, "id" | "email">;

function parseOllamaName(name: string): string {
  const parsed = ollamaModelNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
  return parsed.data;
}

export async function startOllamaPull(input: { name: string; actor: Actor }): Promise<ProviderJob> {
  const name = parseOllamaName(input.name);
  const config = await getProviderConfig();
  const job = await startJob({
    kind: "ollama-pull",
    name,
    userId: input.actor.id,
    steps: async function* (signal) {
      for await (const p of pullModel(name, { signal, config })) {
        yield { status: p.status, percent: p.percent, completedBytes: p.completedBytes, totalBytes: p.totalBytes };
      }
    },
  });
  await recordAudit({
    actor: input.actor,
    action: "provider.ollama.pull",
    target: name,
    details: { ollamaUrl: config.ollamaUrl },
  });
  return job;
}

export async function deleteOllamaModel(input: { name: string; actor: Actor }): Promise<void> {
  const name = parseOllamaName(input.name);
  const config = await getProviderConfig();
  await ollamaDelete(config.ollamaUrl, name, AbortSignal.timeout(30_000));
  await recordAudit({
    actor: input.actor,
    action: "provider.ollama.delete",
    target: name,
    details: { ollamaUrl: config.ollamaUrl },
  });
}

export async function addEmbeddedFromPath(input: {
  path: string;
  actor: Actor;
}): Promise<{ file: string; sizeBytes: number }> {
  const added = await addGgufFromPath(input.path);
  await recordAudit({
    actor: input.actor,
    action: "provider.embedded.add",
    target: added.file,
    details: { from: input.path },
  });
  return { file: added.file, sizeBytes: added.sizeBytes };
}

/** The file name a URL downloads to, for the job's label (downloadGguf checks it properly). */
function fileLabel(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() || url);
  } catch {
    return url;
  }
}

export async function startGgufDownload(input: { url: string; actor: Actor }): Promise<ProviderJob> {
  const job = await startJob({
    kind: "gguf-download",
    name: fileLabel(input.url),
    userId: input.actor.id,
    steps: async function* (signal) {
      for await (const p of downloadGguf(input.url, signal)) {
        yield {
          status: p.done ? "success" : "downloading",
          percent: p.percent,
          completedBytes: p.receivedBytes,
          totalBytes: p.totalBytes,
        };
      }
    },
  });
  await recordAudit({
    actor: input.actor,
    action: "provider.embedded.download",
    target: job.name,
    details: { url: input.url },
  });
  return job;
}

export async function removeEmbeddedModel(input: { file: string; actor: Actor }): Promise<void> {
  const full = await ggufPath(input.file);
  try {
    await rm(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EBUSY" || code === "EPERM")
      throw new AppError(
        "CONFLICT",
        `${input.file} is in use by a chat right now; try again when it has finished, or after a restart.`,
      );
    throw err;
  }
  await recordAudit({ actor: input.actor, action: "provider.embedded.remove", target: input.file });
}
