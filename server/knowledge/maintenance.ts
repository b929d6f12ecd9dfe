import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { db, sqlite } from "@/server/db";
import { SqliteVecStore } from "@/server/knowledge/vector-store";
import { uploadsDir } from "@/server/knowledge/upload";

/**
 * Rebuilds the lexical index from the chunks, merges its segments and drops vectors whose chunk
 * is gone. Chunks and vectors are not recomputed (the re-embed dialog does that).
 */
export async function rebuildIndex(): Promise<{ chunks: number; orphanVectors: number; ms: number }> {
  const started = performance.now();
  const raw = await sqlite();
  const store = new SqliteVecStore(raw);
  raw.exec(
    `INSERT INTO kb_chunk_fts(kb_chunk_fts) VALUES('rebuild'); INSERT INTO kb_chunk_fts(kb_chunk_fts) VALUES('optimize');`,
  );
  let orphanVectors = 0;
  for (const dim of store.dimensions()) orphanVectors += store.purgeOrphans(dim);
  const chunks = await db.kbChunk.count();
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
  const docs = await db.kbDocument.findMany({
    where: { source: { not: "mail" }, sourcePath: { startsWith: "/" } },
    select: { id: true, title: true, sourcePath: true },
  });
  const missing: CleanupPlan["missing"] = [];
  for (const d of docs)
    if (!(await exists(d.sourcePath!))) missing.push({ id: d.id, title: d.title, sourcePath: d.sourcePath! });
  const referenced = new Set(docs.map((d) => d.sourcePath));
  const strayUploads = (await filesUnder(uploadsDir())).filter(
    (f) => !referenced.has(f) && !f.includes(`${path.sep}.incoming${path.sep}`),
  );
  return { missing, strayUploads };
}

/** Removes what planCleanup found (documents in one transaction with their vectors) and orphan vectors. */
export async function runCleanup(): Promise<{ documents: number; files: number; orphanVectors: number }> {
  const plan = await planCleanup();
  const raw = await sqlite();
  const store = new SqliteVecStore(raw);
  const docs = await db.kbDocument.findMany({
    where: { id: { in: plan.missing.map((m) => m.id) } },
    include: { namespace: { select: { dimension: true } } },
  });
  raw.transaction(() => {
    for (const d of docs) {
      const ids = raw.prepare(`SELECT id FROM KbChunk WHERE documentId = ?`).safeIntegers(false).all(d.id) as {
        id: number;
      }[];
      store.remove(
        d.namespace.dimension,
        ids.map((i) => i.id),
      );
      raw.prepare(`DELETE FROM KbDocument WHERE id = ?`).run(d.id);
    }
  })();
  for (const f of plan.strayUploads) await rm(f, { force: true });
  let orphanVectors = 0;
  for (const dim of store.dimensions()) orphanVectors += store.purgeOrphans(dim);
  return { documents: docs.length, files: plan.strayUploads.length, orphanVectors };
}
