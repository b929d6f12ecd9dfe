import "server-only";
import { db, preparedStatement } from "@/server/db";
import { type Column, columnList } from "@/server/db/sql";
import type { KbWatchedFolder } from "@/server/generated/prisma/client";
import { column } from "@/server/knowledge/store/columns";

/**
 * KbWatchedFolder rows and the documents of their files. Files under a folder are found with
 * substr, not LIKE: SQLite's LIKE ignores case and treats _ and % as wildcards, which would mix
 * up folders. Prisma has no prefix comparison that respects both, so these stay raw.
 */

const doc = (name: Column<"KbDocument">) => column("KbDocument", name);
const UNDER = `${doc("namespaceId")} = ? AND ${doc("source")} = 'watched' AND substr(${doc("sourcePath")}, 1, ?) = ?`;

const documentsUnder = preparedStatement<[string, number, string]>(
  `SELECT ${columnList("KbDocument", ["id", "sourcePath", "contentHash", "size", "status", "title"])},
   COALESCE(${doc("embeddedAt")}, ${doc("updatedAt")}) AS indexedAt FROM "KbDocument" WHERE ${UNDER}`,
);
const statusCountsUnder = preparedStatement<[string, number, string]>(
  `SELECT ${doc("status")} AS status, COUNT(*) AS n FROM "KbDocument" WHERE ${UNDER} GROUP BY ${doc("status")}`,
);
const watchedByContent = preparedStatement<[string, string]>(
  `SELECT ${columnList("KbDocument", ["id", "sourcePath", "title"])} FROM "KbDocument"
   WHERE ${doc("namespaceId")} = ? AND ${doc("source")} = 'watched' AND ${doc("contentHash")} = ? AND ${doc("status")} != 'failed'`,
);

export interface WatchedDocumentRow {
  id: string;
  sourcePath: string;
  contentHash: string;
  size: number;
  status: string;
  title: string;
  /** When it was last embedded (or changed), in ms. */
  indexedAt: number;
}

/** Watched documents of the namespace whose path starts with `prefix` (a folder and its separator). */
export async function listWatchedDocumentsByPrefix({
  namespaceId,
  prefix,
}: {
  namespaceId: string;
  prefix: string;
}): Promise<WatchedDocumentRow[]> {
  const rows = (await documentsUnder()).all(namespaceId, prefix.length, prefix) as (Omit<
    WatchedDocumentRow,
    "indexedAt"
  > & { indexedAt: string | number })[];
  return rows.map((r) => ({
    ...r,
    indexedAt: typeof r.indexedAt === "number" ? r.indexedAt : Date.parse(r.indexedAt),
  }));
}

/** How many watched documents under `prefix` have each status. */
export async function countWatchedDocumentsByStatus({
  namespaceId,
  prefix,
}: {
  namespaceId: string;
  prefix: string;
}): Promise<{ status: string; n: number }[]> {
  return (await statusCountsUnder()).all(namespaceId, prefix.length, prefix) as { status: string; n: number }[];
}

/** Watched documents of the namespace with these bytes that did not fail (rename candidates). */
export async function listWatchedDocumentsByContent({
  namespaceId,
  contentHash,
}: {
  namespaceId: string;
  contentHash: string;
}): Promise<Pick<WatchedDocumentRow, "id" | "sourcePath" | "title">[]> {
  return (await watchedByContent()).all(namespaceId, contentHash) as Pick<
    WatchedDocumentRow,
    "id" | "sourcePath" | "title"
  >[];
}

export async function getDocumentIdByPath({
  namespaceId,
  sourcePath,
  source,
}: {
  namespaceId: string;
  sourcePath: string;
  source?: string;
}): Promise<string | null> {
  const found = await db.kbDocument.findFirst({ where: { namespaceId, sourcePath, source }, select: { id: true } });
  return found?.id ?? null;
}

/** A file that cannot be indexed at all: its document (created when missing) shows the reason. */
export async function recordFileFailure({
  namespaceId,
  sourcePath,
  title,
  mime,
  size,
  error,
}: {
  namespaceId: string;
  sourcePath: string;
  title: string;
  mime: string;
  size: number;
  error: string;
}): Promise<void> {
  const existing = await db.kbDocument.findFirst({ where: { namespaceId, sourcePath } });
  if (existing) {
    await db.kbDocument.update({
      where: { id: existing.id },
      // A document with chunks keeps its searchable version; only the error is new.
      data: existing.chunkCount > 0 ? { error } : { status: "failed", error, size },
    });
    return;
  }
  await db.kbDocument.create({
    data: { namespaceId, title, source: "watched", sourcePath, mime, size, contentHash: "", status: "failed", error },
  });
}

/** A renamed file: its document takes the new path (and title), keeping chunks and vectors. */
export async function updateDocumentPathById({
  id,
  sourcePath,
  title,
}: {
  id: string;
  sourcePath: string;
  title: string;
}): Promise<void> {
  await db.kbDocument.update({ where: { id }, data: { sourcePath, title } });
}

export async function listDocumentFilesByIds({ ids }: { ids: string[] }) {
  return db.kbDocument.findMany({
    where: { id: { in: ids } },
    select: { id: true, sourcePath: true, status: true, error: true, chunkCount: true, size: true, updatedAt: true },
  });
}

export async function getWatchedFolderById({ id }: { id: string }): Promise<KbWatchedFolder | null> {
  return db.kbWatchedFolder.findUnique({ where: { id } });
}

/** The folder, or Prisma's not-found error. */
export async function getWatchedFolderOrThrowById({ id }: { id: string }): Promise<KbWatchedFolder> {
  return db.kbWatchedFolder.findUniqueOrThrow({ where: { id } });
}

export async function getWatchedFolderWithNamespaceById({ id }: { id: string }) {
  return db.kbWatchedFolder.findUnique({ where: { id }, include: { namespace: true } });
}

export async function listWatchedFoldersByNamespace({ namespaceId }: { namespaceId: string }) {
  return db.kbWatchedFolder.findMany({ where: { namespaceId } });
}

export async function listEnabledWatchedFolders(): Promise<KbWatchedFolder[]> {
  return db.kbWatchedFolder.findMany({ where: { enabled: true } });
}

/** Every folder with its namespace's name, oldest first. */
export async function listWatchedFoldersWithNamespace() {
  return db.kbWatchedFolder.findMany({
    include: { namespace: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function insertWatchedFolder(data: {
  namespaceId: string;
  path: string;
  include: string;
  exclude: string;
}): Promise<KbWatchedFolder> {
  return db.kbWatchedFolder.create({ data });
}

export async function updateWatchedFolderById({
  id,
  data,
}: {
  id: string;
  data: Partial<Pick<KbWatchedFolder, "enabled" | "include" | "exclude" | "lastScanAt" | "lastError">>;
}): Promise<KbWatchedFolder> {
  return db.kbWatchedFolder.update({ where: { id }, data });
}

export async function deleteWatchedFolderById({ id }: { id: string }): Promise<void> {
  await db.kbWatchedFolder.delete({ where: { id } });
}
