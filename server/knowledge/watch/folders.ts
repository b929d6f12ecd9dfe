import "server-only";
import path from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { deleteDocument } from "@/server/knowledge/ingest";
import { getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import {
  countWatchedDocumentsByStatus,
  deleteWatchedFolderById,
  getWatchedFolderWithNamespaceById,
  insertWatchedFolder,
  listDocumentFilesByIds,
  listWatchedFoldersByNamespace,
  listWatchedFoldersWithNamespace,
  updateWatchedFolderById,
} from "@/server/knowledge/store/folders";
import { globListSchema, parseGlobs } from "@/server/knowledge/watch/globs";
import type { WatchManager } from "@/server/knowledge/watch/manager";
import { isInside, validateFolderPath } from "@/server/knowledge/watch/paths";
import { documentsUnder } from "@/server/knowledge/watch/sync";

export const addFolderSchema = z.object({
  path: z.string().trim().min(1, "Give the folder's path.").max(4096),
  namespace: namespaceNameSchema,
  include: globListSchema.default([]),
  exclude: globListSchema.default([]),
});

export const updateFolderSchema = z.object({
  id: z.string().min(1).max(64),
  enabled: z.boolean().optional(),
  include: globListSchema.optional(),
  exclude: globListSchema.optional(),
});

export const FILE_STATUSES = ["queued", "pending", "embedded", "failed"] as const;

export const listFilesSchema = z.object({
  id: z.string().min(1).max(64),
  status: z.enum(FILE_STATUSES).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});

async function folderOrThrow(id: string) {
  const folder = await getWatchedFolderWithNamespaceById({ id });
  if (!folder) throw new AppError("NOT_FOUND", "This watched folder no longer exists.");
  return folder;
}

/** Adds a folder (validated, not overlapping another of the same namespace), watches it and scans it. */
export async function addWatchedFolder(input: z.input<typeof addFolderSchema>, manager: WatchManager) {
  const parsed = addFolderSchema.parse(input);
  const real = await validateFolderPath(parsed.path);
  const ns = await getNamespace(parsed.namespace);
  const others = await listWatchedFoldersByNamespace({ namespaceId: ns.id });
  const clash = others.find((f) => isInside(real, f.path) || isInside(f.path, real));
  if (clash)
    throw new AppError(
      "CONFLICT",
      `${real} overlaps the watched folder ${clash.path} of the namespace "${ns.name}": a file would belong to both.`,
    );
  const folder = await insertWatchedFolder({
    namespaceId: ns.id,
    path: real,
    include: JSON.stringify(parsed.include),
    exclude: JSON.stringify(parsed.exclude),
  });
  await manager.reload(folder.id);
  return folder;
}

export async function updateWatchedFolder(input: z.input<typeof updateFolderSchema>, manager: WatchManager) {
  const parsed = updateFolderSchema.parse(input);
  await folderOrThrow(parsed.id);
  const folder = await updateWatchedFolderById({
    id: parsed.id,
    data: {
      ...(parsed.enabled !== undefined ? { enabled: parsed.enabled } : {}),
      ...(parsed.include ? { include: JSON.stringify(parsed.include) } : {}),
      ...(parsed.exclude ? { exclude: JSON.stringify(parsed.exclude) } : {}),
    },
  });
  await manager.reload(folder.id);
  return folder;
}

/** Stops watching; the folder's documents leave the index unless `keepDocuments` (they then stay as they are). */
export async function removeWatchedFolder(input: { id: string; keepDocuments?: boolean }, manager: WatchManager) {
  const folder = await folderOrThrow(input.id);
  await deleteWatchedFolderById({ id: folder.id });
  await manager.reload(folder.id);
  let removed = 0;
  if (!input.keepDocuments) {
    for (const doc of await documentsUnder(folder.namespaceId, folder.path)) {
      await deleteDocument(doc.id);
      removed++;
    }
  }
  return { removedDocuments: removed };
}

/** Every folder with its namespace, globs and per-status file counts. */
export async function listWatchedFolders(manager: WatchManager) {
  const folders = await listWatchedFoldersWithNamespace();
  return Promise.all(
    folders.map(async (f) => {
      const counts = { pending: 0, embedded: 0, failed: 0 } as Record<string, number>;
      for (const row of await countWatchedDocumentsByStatus({ namespaceId: f.namespaceId, prefix: f.path + path.sep }))
        counts[row.status] = row.n;
      return {
        id: f.id,
        path: f.path,
        namespace: f.namespace.name,
        include: parseGlobs(f.include),
        exclude: parseGlobs(f.exclude),
        enabled: f.enabled,
        watching: manager.isWatching(f.id),
        lastScanAt: f.lastScanAt,
        lastError: f.lastError,
        counts: { ...counts, queued: manager.queuedFiles(f.id).length } as {
          pending: number;
          embedded: number;
          failed: number;
          queued: number;
        },
      };
    }),
  );
}

export interface WatchedFile {
  path: string;
  relativePath: string;
  status: (typeof FILE_STATUSES)[number];
  documentId: string | null;
  error: string | null;
  chunkCount: number;
  size: number;
  updatedAt: Date | null;
}

/** The folder's files as the index knows them (failed first), with files still queued. */
export async function listWatchedFiles(
  input: z.input<typeof listFilesSchema>,
  manager: WatchManager,
): Promise<WatchedFile[]> {
  const parsed = listFilesSchema.parse(input);
  const folder = await folderOrThrow(parsed.id);
  const rel = (p: string) => path.relative(folder.path, p).split(path.sep).join("/");
  const queued: WatchedFile[] = manager.queuedFiles(folder.id).map((p) => ({
    path: p,
    relativePath: rel(p),
    status: "queued",
    documentId: null,
    error: null,
    chunkCount: 0,
    size: 0,
    updatedAt: null,
  }));
  if (parsed.status === "queued") return queued.slice(0, parsed.limit);
  const ids = (await documentsUnder(folder.namespaceId, folder.path))
    .filter((d) => !parsed.status || d.status === parsed.status)
    .map((d) => d.id);
  const docs = await listDocumentFilesByIds({ ids });
  const order = { failed: 0, pending: 1, embedded: 2 } as Record<string, number>;
  docs.sort(
    (a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || (a.sourcePath ?? "").localeCompare(b.sourcePath ?? ""),
  );
  const listed = docs.map<WatchedFile>((d) => ({
    path: d.sourcePath ?? "",
    relativePath: rel(d.sourcePath ?? ""),
    status: d.status as WatchedFile["status"],
    documentId: d.id,
    error: d.error,
    chunkCount: d.chunkCount,
    size: d.size,
    updatedAt: d.updatedAt,
  }));
  return [...(parsed.status ? [] : queued), ...listed].slice(0, parsed.limit);
}
