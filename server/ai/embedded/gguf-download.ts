import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { ggufFileNameSchema, hasGgufMagic, modelsDir } from "@/server/ai/embedded/models-folder";
import { AppError } from "@/lib/errors";

export interface DownloadProgress {
  file: string;
  receivedBytes: number;
  totalBytes: number | null;
  percent: number | null;
  done: boolean;
}

const urlSchema = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "Enter a full http:// or https:// URL of a .gguf file.");

function fileNameOf(url: URL): string {
  const name = decodeURIComponent(path.posix.basename(url.pathname));
  const parsed = ggufFileNameSchema.safeParse(name);
  if (!parsed.success)
    throw new AppError("BAD_REQUEST", `The URL must end in a .gguf file name (got "${name || url.pathname}").`);
  return parsed.data;
}

/**
 * Downloads a GGUF file into the models folder, yielding progress. It is written to a hidden
 * partial file and renamed only when complete and checked, so a stopped or failed download never
 * leaves a broken model behind.
 */
export async function* downloadGguf(rawUrl: string, signal?: AbortSignal): AsyncGenerator<DownloadProgress> {
  const checked = urlSchema.safeParse(rawUrl);
  if (!checked.success) throw new AppError("BAD_REQUEST", checked.error.issues[0]!.message);
  const url = new URL(checked.data);
  const file = fileNameOf(url);
  const target = path.join(modelsDir(), file);
  if (await stat(target).catch(() => null))
    throw new AppError("CONFLICT", `A model named ${file} is already in the models folder.`);

  // Leaving the loop early must stop the transfer too, not only the caller's signal.
  const stop = new AbortController();
  const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let response: Response;
  try {
    response = await fetch(url, { signal: combined, redirect: "follow" });
  } catch (err) {
    if (signal?.aborted) throw new AppError("BAD_REQUEST", "The download was stopped.");
    throw new AppError(
      "PRECONDITION_FAILED",
      `Cannot reach ${url.host} to download ${file} (${err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)}).`,
    );
  }
  if (!response.ok || !response.body)
    throw new AppError("PRECONDITION_FAILED", `${url.host} answered ${response.status} for ${file}; check the URL.`);

  const totalHeader = Number(response.headers.get("content-length"));
  const totalBytes = Number.isFinite(totalHeader) && totalHeader > 0 ? totalHeader : null;
  await mkdir(modelsDir(), { recursive: true });
  const partial = path.join(modelsDir(), `.${file}.partial`);
  let receivedBytes = 0;
  const progress = (done: boolean): DownloadProgress => ({
    file,
    receivedBytes,
    totalBytes,
    percent: totalBytes ? Math.min(100, Math.round((receivedBytes / totalBytes) * 1000) / 10) : done ? 100 : null,
    done,
  });

  let completed = false;
  try {
    const out = createWriteStream(partial);
    const source = Readable.fromWeb(response.body as never);
    const queue: DownloadProgress[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    source.on("data", (chunk: Buffer) => {
      receivedBytes += chunk.length;
      queue.push(progress(false));
      wake?.();
    });
    void pipeline(source, out).then(
      () => {
        finished = true;
        wake?.();
      },
      (err: unknown) => {
        failure = err;
        finished = true;
        wake?.();
      },
    );
    while (!finished || queue.length > 0) {
      if (queue.length > 0) {
        // Only the latest figure matters to a progress bar.
        const latest = queue.at(-1)!;
        queue.length = 0;
        yield latest;
      } else await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    if (failure)
      throw signal?.aborted
        ? new AppError("BAD_REQUEST", "The download was stopped.")
        : new AppError("PRECONDITION_FAILED", `The download of ${file} broke off; try again.`);
    if (totalBytes !== null && receivedBytes !== totalBytes)
      throw new AppError("PRECONDITION_FAILED", `The download of ${file} ended early; try again.`);
    if (!(await hasGgufMagic(partial)))
      throw new AppError("BAD_REQUEST", `${file} from ${url.host} is not a GGUF model file.`);
    await rename(partial, target);
    completed = true;
    yield progress(true);
  } finally {
    if (!completed) {
      stop.abort();
      await rm(partial, { force: true });
    }
  }
}
