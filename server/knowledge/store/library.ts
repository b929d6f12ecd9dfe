import "server-only";
import { db, preparedStatement } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

/** The library's reads of KbDocument: filtered pages, a document's details, the index's size. */

const documentRow = {
  id: true,
  title: true,
  source: true,
  sourcePath: true,
  mime: true,
  size: true,
  status: true,
  error: true,
  chunkCount: true,
  createdById: true,
  embeddedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.KbDocumentSelect;

export type DocumentListRow = Prisma.KbDocumentGetPayload<{ select: typeof documentRow }>;

export interface DocumentFilters {
  namespaceId: string;
  mimes: string[];
  sources: string[];
  statuses: string[];
  /** Matched in the title, path and metadata; `textMatchIds` (documents whose text matched) also count. */
  q: string;
  textMatchIds: string[];
}

export type DocumentSortField = "title" | "createdAt" | "updatedAt" | "chunkCount" | "size";

function whereOf(f: DocumentFilters): Prisma.KbDocumentWhereInput {
  const where: Prisma.KbDocumentWhereInput = { namespaceId: f.namespaceId };
  if (f.mimes.length) where.mime = { in: f.mimes };
  if (f.sources.length) where.source = { in: f.sources };
  if (f.statuses.length) where.status = { in: f.statuses };
  if (f.q) {
    where.OR = [
      { title: { contains: f.q } },
      { sourcePath: { contains: f.q } },
      { metadata: { contains: f.q } },
      ...(f.textMatchIds.length ? [{ id: { in: f.textMatchIds } }] : []),
    ];
  }
  return where;
}

/** One sorted page of the documents the filters match, and how many match. */
export async function listDocumentsByFilters({
  filters,
  sort,
  dir,
  offset,
  limit,
}: {
  filters: DocumentFilters;
  sort: DocumentSortField;
  dir: "asc" | "desc";
  offset: number;
  limit: number;
}): Promise<{ rows: DocumentListRow[]; total: number }> {
  const where = whereOf(filters);
  const [rows, total] = await db.$transaction([
    db.kbDocument.findMany({
      where,
      select: documentRow,
      orderBy: [{ [sort]: dir }, { id: "asc" }],
      skip: offset,
      take: limit,
    }),
    db.kbDocument.count({ where }),
  ]);
  return { rows, total };
}

export async function listDocumentIdsByFilters({ filters, limit }: { filters: DocumentFilters; limit: number }) {
  const rows = await db.kbDocument.findMany({ where: whereOf(filters), select: { id: true }, take: limit });
  return rows.map((d) => d.id);
}

/** A document with what the detail page shows of its namespace. */
export async function getDocumentDetailById({ id }: { id: string }) {
  return db.kbDocument.findUnique({
    where: { id },
    include: { namespace: { select: { name: true, embedderProvider: true, embedderModel: true, dimension: true } } },
  });
}

const knowledgeBytes = preparedStatement(
  `SELECT SUM(pgsize) AS n FROM dbstat WHERE name GLOB 'Kb*' OR name GLOB 'kb_*' OR name GLOB 'sqlite_autoindex_Kb*'`,
);

/** Bytes the knowledge tables and vectors take in the database file (dbstat), or null when unavailable. */
export async function getKnowledgeIndexBytes(): Promise<number | null> {
  try {
    const row = (await knowledgeBytes()).get() as { n: number | null };
    return row.n ?? 0;
  } catch {
    return null;
  }
}
