import type { Dirent } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { listChatAttachmentPaths } from "@/server/automation/store/maintenance";
import type { BuiltinContext } from "@/server/automation/builtins/context";
import { throwIfAborted } from "@/server/automation/builtins/context";

const DAY_MS = 86_400_000;

async function* walk(dir: string): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

interface Candidate {
  path: string;
  bytes: number;
  reason: "temp file" | "orphaned upload";
}

/**
 * Temp files older than the cut-off under DATA_DIR/tmp, and uploads no chat attachment points to
 * (equally old, so an upload in progress is never taken). In preview mode nothing is deleted: the
 * list is the result and an artifact.
 */
export async function runCleanup(params: { preview: boolean; olderThanDays: number }, ctx: BuiltinContext) {
  const cutoff = Date.now() - params.olderThanDays * DAY_MS;
  const found: Candidate[] = [];
  await ctx.progress(10, "Looking for old temp files");
  for await (const file of walk(path.join(ctx.dataDir, "tmp"))) {
    const s = await stat(file);
    if (s.mtimeMs < cutoff) found.push({ path: file, bytes: s.size, reason: "temp file" });
  }
  throwIfAborted(ctx.signal);
  await ctx.progress(40, "Looking for orphaned uploads");
  const uploads = path.join(ctx.dataDir, "uploads");
  const known = new Set((await listChatAttachmentPaths()).map((p) => path.join(uploads, p)));
  for await (const file of walk(uploads)) {
    if (known.has(file)) continue;
    const s = await stat(file);
    if (s.mtimeMs < cutoff) found.push({ path: file, bytes: s.size, reason: "orphaned upload" });
  }
  throwIfAborted(ctx.signal);
  if (!params.preview) {
    await ctx.progress(70, `Deleting ${found.length} files`);
    for (const f of found) await rm(f.path, { force: true });
  }
  const files = found.map((f) => ({ ...f, path: path.relative(ctx.dataDir, f.path) }));
  const bytes = found.reduce((n, f) => n + f.bytes, 0);
  const summary = { preview: params.preview, count: files.length, bytes, files: files.slice(0, 1000) };
  if (files.length > 0) {
    const lines = files.map((f) => `${f.reason}\t${f.bytes}\t${f.path}`).join("\n");
    await ctx.artifact({
      name: params.preview ? "cleanup-preview.tsv" : "cleanup-deleted.tsv",
      mime: "text/tab-separated-values",
      data: `reason\tbytes\tpath\n${lines}\n`,
    });
  }
  await ctx.progress(
    100,
    `${params.preview ? "Would delete" : "Deleted"} ${files.length} files (${Math.round(bytes / 1024)} KiB)`,
  );
  return summary;
}
