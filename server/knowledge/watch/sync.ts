import "server-only";
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/server/env";
import { AppError } from "@/lib/errors";
import type { KbNamespace, KbWatchedFolder } from "@/server/generated/prisma/client";
import { contentHash, deleteDocument, ingestDocument } from "@/server/knowledge/ingest";
import { MAX_DOCUMENT_BYTES } from "@/server/knowledge/ingest-file";
import { MIME_OF, detectFormat } from "@/server/extract";
import {
  getDocumentIdByPath,
  listWatchedDocumentsByContent,
  listWatchedDocumentsByPrefix,
  recordFileFailure,
  updateDocumentPathById,
  updateWatchedFolderById,
  type WatchedDocumentRow,
} from "@/server/knowledge/store/folders";
import { getNamespaceById } from "@/server/knowledge/store/namespaces";
import { type FileMatcher, fileMatcher, isSkippedName, parseGlobs } from "@/server/knowledge/watch/globs";
import { isInside, relativeTo } from "@/server/knowledge/watch/paths";

export type FileOutcome = "indexed" | "unchanged" | "moved" | "duplicate" | "failed" | "removed" | "skipped";

export interface ScanSummary {
  files: number;
  indexed: number;
  moved: number;
  removed: number;
  failed: number;
  unchanged: number;
}

export type WatchedDoc = WatchedDocumentRow;

export function matcherOf(folder: Pick<KbWatchedFolder, "include" | "exclude">): FileMatcher {
  return fileMatcher(parseGlobs(folder.include), parseGlobs(folder.exclude));
}

/** Documents of the namespace that came from files under `dir` (not from a sibling sharing its name's start). */
export async function documentsUnder(namespaceId: string, dir: string): Promise<WatchedDoc[]> {
  return listWatchedDocumentsByPrefix({ namespaceId, prefix: dir.endsWith(path.sep) ? dir : dir + path.sep });
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}

/** A file that cannot be indexed at all (too large) still shows in the folder's list with its reason. */
async function recordFailure(ns: KbNamespace, file: string, size: number, error: string): Promise<void> {
  const format = detectFormat(file);
  await recordFileFailure({
    namespaceId: ns.id,
    sourcePath: file,
    title: path.basename(file),
    mime: format ? MIME_OF[format] : "application/octet-stream",
    size,
    error,
  });
}

/**
 * A document whose file disappeared and whose bytes now sit at `file` was renamed or moved: the
 * document takes the new path and keeps its chunks and vectors (no re-embedding).
 */
async function findRenamed(
  ns: KbNamespace,
  hash: string,
  root: string,
): Promise<Pick<WatchedDoc, "id" | "sourcePath" | "title"> | null> {
  const rows = await listWatchedDocumentsByContent({ namespaceId: ns.id, contentHash: hash });
  for (const row of rows)
    if (row.sourcePath && isInside(row.sourcePath, root) && !(await exists(row.sourcePath))) return row;
  return null;
}

async function moveDocument(doc: Pick<WatchedDoc, "id" | "sourcePath" | "title">, file: string): Promise<void> {
  // A title that was only the old file name follows the rename; an extracted or edited title stays.
  const title = doc.title === path.basename(doc.sourcePath) ? path.basename(file) : doc.title;
  await updateDocumentPathById({ id: doc.id, sourcePath: file, title });
}

export interface SyncResult {
  outcome: FileOutcome;
  /** The old path of a renamed file (its pending removal is void). */
  movedFrom?: string;
  error?: string;
}

/** Brings one file's document in line with the file on disk (index, re-index, rename or drop). */
export async function syncFile(
  folder: KbWatchedFolder,
  file: string,
  matcher: FileMatcher = matcherOf(folder),
): Promise<SyncResult> {
  const ns = await getNamespaceById({ id: folder.namespaceId });
  const rel = relativeTo(folder.path, file);
  const info = await stat(file).catch(() => null);
  if (!rel || !info?.isFile() || !matcher(rel)) {
    // Excluded by a changed glob (or gone): the file leaves the index.
    if (info && rel) return (await removeFile(folder, file)) ? { outcome: "removed" } : { outcome: "skipped" };
    return { outcome: "skipped" };
  }
  if (info.size > MAX_DOCUMENT_BYTES) {
    const error = `${path.basename(file)} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB and is not indexed.`;
    await recordFailure(ns, file, info.size, error);
    return { outcome: "failed", error };
  }
  const data = new Uint8Array(await readFile(file));
  const hash = contentHash(data);
  const existing = await getDocumentIdByPath({ namespaceId: ns.id, sourcePath: file });
  if (!existing) {
    const renamed = await findRenamed(ns, hash, folder.path);
    if (renamed) {
      await moveDocument(renamed, file);
      return { outcome: "moved", movedFrom: renamed.sourcePath };
    }
  }
  const out = await ingestDocument({ namespace: ns, data, fileName: file, source: "watched", sourcePath: file });
  if (out.status === "failed") return { outcome: "failed", error: out.error };
  return { outcome: out.status === "indexed" ? "indexed" : out.status };
}

/** Drops the document of a file that left the folder; false when there was none. */
export async function removeFile(folder: KbWatchedFolder, file: string): Promise<boolean> {
  const id = await getDocumentIdByPath({ namespaceId: folder.namespaceId, sourcePath: file, source: "watched" });
  if (!id) return false;
  await deleteDocument(id);
  return true;
}

/** Drops the documents under a removed folder whose files are really gone (a renamed folder's files moved already). */
export async function removeMissingUnder(folder: KbWatchedFolder, dir: string): Promise<number> {
  let removed = 0;
  for (const doc of await documentsUnder(folder.namespaceId, dir)) {
    if (await exists(doc.sourcePath)) continue;
    await deleteDocument(doc.id);
    removed++;
  }
  return removed;
}

/** Every file of the folder that the globs select, with its size and modification time; no symbolic links, no hidden folders, never the data directory. */
export async function listFolderFiles(
  root: string,
  matcher: FileMatcher,
): Promise<Map<string, { size: number; mtimeMs: number }>> {
  const out = new Map<string, { size: number; mtimeMs: number }>();
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (isSkippedName(entry.name) || entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isInside(full, env.DATA_DIR)) await walk(full);
      } else if (entry.isFile()) {
        const rel = relativeTo(root, full);
        if (!rel || !matcher(rel)) continue;
        const info = await stat(full).catch(() => null);
        if (info) out.set(full, { size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  await walk(root);
  return out;
}

/**
 * Reconciles the index with the folder: new and changed files are indexed, renamed ones keep
 * their chunks, missing ones leave the index. Without `full`, a file whose size is unchanged and
 * that was not modified since it was indexed is not read again (start-up stays quick); `full`
 * re-hashes every file. A folder that is gone (an unmounted disk) is reported, not emptied.
 */
export async function scanFolder(
  folder: KbWatchedFolder,
  opts: { full?: boolean; onFile?: (file: string, r: SyncResult) => void; shouldStop?: () => boolean } = {},
): Promise<ScanSummary> {
  const info = await stat(folder.path).catch(() => null);
  if (!info?.isDirectory()) {
    const error = `The folder ${folder.path} is missing or not readable; its documents are kept until it is back.`;
    await updateWatchedFolderById({ id: folder.id, data: { lastError: error } });
    throw new AppError("PRECONDITION_FAILED", error);
  }
  const matcher = matcherOf(folder);
  const files = await listFolderFiles(folder.path, matcher);
  const docs = new Map((await documentsUnder(folder.namespaceId, folder.path)).map((d) => [d.sourcePath, d]));
  const summary: ScanSummary = { files: files.size, indexed: 0, moved: 0, removed: 0, failed: 0, unchanged: 0 };
  // New and changed files first, so a renamed file finds its document before missing ones are dropped.
  for (const [file, st] of files) {
    // Shutting down: the next start's scan finishes the work.
    if (opts.shouldStop?.()) return summary;
    const doc = docs.get(file);
    if (!opts.full && doc && doc.status !== "pending" && doc.size === st.size && st.mtimeMs <= doc.indexedAt) {
      summary.unchanged++;
      continue;
    }
    const r = await syncFile(folder, file, matcher);
    opts.onFile?.(file, r);
    if (r.outcome === "indexed") summary.indexed++;
    else if (r.outcome === "moved") summary.moved++;
    else if (r.outcome === "failed") summary.failed++;
    else summary.unchanged++;
  }
  for (const doc of await documentsUnder(folder.namespaceId, folder.path)) {
    if (files.has(doc.sourcePath)) continue;
    await deleteDocument(doc.id);
    summary.removed++;
  }
  await updateWatchedFolderById({ id: folder.id, data: { lastScanAt: new Date(), lastError: null } });
  return summary;
}
