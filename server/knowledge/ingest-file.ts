import "server-only";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { detectFormat } from "@/server/extract";
import { type DocumentSource, type IngestInput, type IngestOutcome, ingestDocument } from "@/server/knowledge/ingest";
import { getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";

/** Files larger than this are refused: extraction holds the whole file in memory. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

export const ingestFileRequestSchema = z.object({
  namespace: namespaceNameSchema,
  filePath: z.string().min(1).max(4096),
  source: z.enum(["upload", "watched", "mail", "file"]),
  /** Defaults to filePath; uploads pass the original name here so re-uploads replace. */
  sourcePath: z.string().min(1).max(4096).optional(),
  fileName: z.string().min(1).max(512).optional(),
  title: z.string().min(1).max(500).optional(),
  metadata: z.record(z.string(), z.string().max(2000)).optional(),
  createdById: z.string().optional(),
});

export type IngestFileRequest = z.infer<typeof ingestFileRequestSchema>;

/** Reads a file from disk and ingests it (the Inngest function and the CLI both come here). */
export async function ingestFile(
  req: IngestFileRequest,
  opts: Pick<IngestInput, "onProgress" | "embed" | "embedder"> = {},
): Promise<IngestOutcome> {
  const ns = await getNamespace(req.namespace);
  const info = await stat(req.filePath).catch(() => null);
  if (!info?.isFile()) throw new AppError("NOT_FOUND", `The file ${req.filePath} does not exist.`);
  if (info.size > MAX_DOCUMENT_BYTES)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `${path.basename(req.filePath)} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
    );
  const data = new Uint8Array(await readFile(req.filePath));
  return ingestDocument({
    namespace: ns,
    data,
    fileName: req.fileName ?? req.filePath,
    source: req.source as DocumentSource,
    sourcePath: req.sourcePath ?? path.resolve(req.filePath),
    title: req.title,
    metadata: req.metadata,
    createdById: req.createdById ?? null,
    ...opts,
  });
}

/** Every supported file under the given files and folders (hidden folders and node_modules skipped), sorted. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p).catch(() => null);
    if (!info) throw new AppError("NOT_FOUND", `${p} does not exist.`);
    if (info.isFile()) {
      if (detectFormat(p)) out.push(path.resolve(p));
      return;
    }
    if (!info.isDirectory()) return;
    for (const entry of await readdir(p, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      await walk(path.join(p, entry.name));
    }
  };
  for (const p of paths) await walk(p);
  return [...new Set(out)].sort();
}
