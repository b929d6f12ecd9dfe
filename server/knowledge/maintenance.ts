import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import {
  countChunks,
  deleteDocumentsWithVectors,
  purgeOrphanVectors,
  rebuildLexicalIndex,
} from "@/server/knowledge/store/chunks";
import { listDocumentDimensionsByIds, listFileDocuments } from "@/server/knowledge/store/documents";
import { uploadsDir } from "@/server/knowledge/upload";

/**
 * Rebuilds the lexical index from the chunks, merges its segments and drops vectors whose chunk
 * is gone. Chunks and vectors are not recomputed (the re-embed dialog does that).
 */
export async function rebuildIndex(): Promise<{ chunks: number; orphanVectors: number; ms: number }> {
  const started = performance.now();
  await rebuildLexicalIndex();
  const orphanVectors = await purgeOrphanVectors();
  const chunks = await countChunks();
  return { chunks, orphanVectors, ms: Math.round(performance.now() - started) };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

export interface CleanupPlan {
  /** Documents whose file was deleted from disk (uploads, watched and app files; mail keeps its own). */
  missing: { id: string; title: string; sourcePath: string }[];
  /** Stored upload files no document refers to any more. */
  strayUploads: string[];
}

/** What Cleanup would remove, for the confirmation. */
export async function planCleanup(): Promise<CleanupPlan> {
  const docs = await listFileDocuments();
  const missing: CleanupPlan["missing"] = [];
  for (const d of docs) if (!(await exists(d.sourcePath))) missing.push(d);
  const referenced = new Set(docs.map((d) => d.sourcePath));
  const strayUploads = (await filesUnder(uploadsDir())).filter(
    (f) => !referenced.has(f) && !f.includes(`${path.sep}.incoming${path.sep}`),
  );
  return { missing, strayUploads };
}

/** Removes what planCleanup found (documents in one transaction with their vectors) and orphan vectors. */
export async function runCleanup(): Promise<{ documents: number; files: number; orphanVectors: number }> {
  const plan = await planCleanup();
  const docs = await listDocumentDimensionsByIds({ ids: plan.missing.map((m) => m.id) });
  await deleteDocumentsWithVectors(docs);
  for (const f of plan.strayUploads) await rm(f, { force: true });
  const orphanVectors = await purgeOrphanVectors();
  return { documents: docs.length, files: plan.strayUploads.length, orphanVectors };
}
