import "server-only";
import { statfs, stat } from "node:fs/promises";
import { z } from "zod";
import { env } from "@/server/env";
import { AppError, NotFoundError } from "@/lib/errors";
import { SUPPORTED_EXTENSIONS } from "@/server/extract";
import { db, sqlite } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { toFtsQuery } from "@/server/knowledge/fts-query";
import { getNamespace } from "@/server/knowledge/namespaces";
import { SqliteVecStore } from "@/server/knowledge/vector-store";
import { getSettings } from "@/server/settings/settings";

/** Document types the library can filter on, by the mime the ingestion records. */
export const DOCUMENT_TYPES = {
  pdf: ["application/pdf"],
  docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  csv: ["text/csv"],
  html: ["text/html"],
  md: ["text/markdown"],
  txt: ["text/plain"],
  code: ["text/x-source"],
  eml: ["message/rfc822"],
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

export const DOCUMENT_SOURCES = ["upload", "watched", "mail", "file"] as const;
export const DOCUMENT_STATUSES = ["pending", "embedded", "failed"] as const;
export const SORT_FIELDS = ["title", "createdAt", "updatedAt", "chunkCount", "size"] as const;

export const listDocumentsSchema = z.object({
  namespace: z.string().min(1).max(48),
  q: z.string().trim().max(200).default(""),
  types: z
    .array(z.enum(Object.keys(DOCUMENT_TYPES) as [DocumentType, ...DocumentType[]]))
    .max(9)
    .default([]),
  sources: z.array(z.enum(DOCUMENT_SOURCES)).max(4).default([]),
  statuses: z.array(z.enum(DOCUMENT_STATUSES)).max(3).default([]),
  sort: z.enum(SORT_FIELDS).default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListDocumentsInput = z.input<typeof listDocumentsSchema>;

export function typeOfMime(mime: string): DocumentType | "other" {
  for (const [type, mimes] of Object.entries(DOCUMENT_TYPES))
    if ((mimes as readonly string[]).includes(mime)) return type as DocumentType;
  return "other";
}

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

export type DocumentRow = Prisma.KbDocumentGetPayload<{ select: typeof documentRow }> & {
  type: DocumentType | "other";
};

/** Documents whose text matches the words (FTS5), for the library search beyond names. */
async function documentsMatchingText(namespaceId: string, q: string): Promise<string[]> {
  const fts = toFtsQuery(q);
  if (!fts) return [];
  const raw = await sqlite();
  const rows = raw
    .prepare(
      `SELECT DISTINCT c.documentId AS id FROM kb_chunk_fts JOIN KbChunk c ON c.id = kb_chunk_fts.rowid WHERE kb_chunk_fts MATCH ? AND c.namespaceId = ? LIMIT 1000`,
    )
    .safeIntegers(false)
    .all(fts, namespaceId) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * One page of a namespace's documents, filtered and sorted in SQL so the table stays fast at
 * 10,000 documents; the search matches names, paths, metadata and the indexed text.
 */
export async function listDocuments(input: ListDocumentsInput): Promise<{ rows: DocumentRow[]; total: number }> {
  const p = listDocumentsSchema.parse(input);
  const where = await documentFilter(p);
  const [rows, total] = await db.$transaction([
    db.kbDocument.findMany({
      where,
      select: documentRow,
      orderBy: [{ [p.sort]: p.dir }, { id: "asc" }],
      skip: p.offset,
      take: p.limit,
    }),
    db.kbDocument.count({ where }),
  ]);
  return { rows: rows.map((r) => ({ ...r, type: typeOfMime(r.mime) })), total };
}

/** Every id the filters match (at most 10,000), for "select all" before a bulk action. */
export async function listDocumentIds(input: ListDocumentsInput): Promise<string[]> {
  const where = await documentFilter(listDocumentsSchema.parse(input));
  return (await db.kbDocument.findMany({ where, select: { id: true }, take: 10_000 })).map((d) => d.id);
}

async function documentFilter(p: z.output<typeof listDocumentsSchema>): Promise<Prisma.KbDocumentWhereInput> {
  const ns = await getNamespace(p.namespace);
  const where: Prisma.KbDocumentWhereInput = { namespaceId: ns.id };
  if (p.types.length) where.mime = { in: p.types.flatMap((t) => [...DOCUMENT_TYPES[t]]) };
  if (p.sources.length) where.source = { in: p.sources };
  if (p.statuses.length) where.status = { in: p.statuses };
  if (p.q) {
    const byText = await documentsMatchingText(ns.id, p.q);
    where.OR = [
      { title: { contains: p.q } },
      { sourcePath: { contains: p.q } },
      { metadata: { contains: p.q } },
      ...(byText.length ? [{ id: { in: byText } }] : []),
    ];
  }
  return where;
}

/** Bytes the knowledge tables and vectors take in the database file (dbstat), or null when unavailable. */
function indexBytes(raw: Awaited<ReturnType<typeof sqlite>>): number | null {
  try {
    const row = raw
      .prepare(
        `SELECT SUM(pgsize) AS n FROM dbstat WHERE name GLOB 'Kb*' OR name GLOB 'kb_*' OR name GLOB 'sqlite_autoindex_Kb*'`,
      )
      .safeIntegers(false)
      .get() as { n: number | null };
    return row.n ?? 0;
  } catch {
    return null;
  }
}

/** The header's figures: documents by status, chunks, embedder, index size and free disk. */
export async function libraryStats(namespace: string) {
  const ns = await getNamespace(namespace);
  const [byStatus, chunks] = await Promise.all([
    db.kbDocument.groupBy({ by: ["status"], where: { namespaceId: ns.id }, _count: { _all: true } }),
    db.kbChunk.count({ where: { namespaceId: ns.id } }),
  ]);
  const count = (s: string) => byStatus.find((b) => b.status === s)?._count._all ?? 0;
  const disk = await statfs(env.DATA_DIR).catch(() => null);
  const settings = await getSettings();
  return {
    namespace: ns.name,
    documents: byStatus.reduce((n, b) => n + b._count._all, 0),
    embedded: count("embedded"),
    pending: count("pending"),
    failed: count("failed"),
    chunks,
    embedder: `${ns.embedderProvider}:${ns.embedderModel}`,
    dimension: ns.dimension,
    weights: { bm25: ns.bm25Weight, vector: ns.vectorWeight },
    indexBytes: indexBytes(await sqlite()),
    diskFreeBytes: disk ? disk.bavail * disk.bsize : null,
    diskTotalBytes: disk ? disk.blocks * disk.bsize : null,
    maxUploadMb: settings.system.maxUploadMb,
    supportedExtensions: SUPPORTED_EXTENSIONS,
  };
}

export async function getDocument(id: string) {
  const doc = await db.kbDocument.findUnique({
    where: { id },
    include: { namespace: { select: { name: true, embedderProvider: true, embedderModel: true, dimension: true } } },
  });
  if (!doc) throw new NotFoundError("The document");
  const onDisk = doc.sourcePath?.startsWith("/")
    ? await stat(doc.sourcePath).then(
        () => true,
        () => false,
      )
    : null;
  const tokens = await db.kbChunk.aggregate({ where: { documentId: id }, _sum: { tokens: true } });
  return {
    ...doc,
    type: typeOfMime(doc.mime),
    metadata: JSON.parse(doc.metadata) as Record<string, string>,
    tokens: tokens._sum.tokens ?? 0,
    sourceExists: onDisk,
  };
}

export const CHUNK_PAGE = 100;

/**
 * A page of a document's chunks in order. With `aroundChunkId` the page holding that chunk is
 * returned (the deep link from a chat citation), whatever offset was asked for.
 */
export async function listChunks(input: {
  documentId: string;
  offset?: number;
  limit?: number;
  aroundChunkId?: number;
  q?: string;
}) {
  const limit = Math.min(500, input.limit ?? CHUNK_PAGE);
  let offset = input.offset ?? 0;
  const where: Prisma.KbChunkWhereInput = {
    documentId: input.documentId,
    ...(input.q ? { text: { contains: input.q } } : {}),
  };
  if (input.aroundChunkId !== undefined) {
    const target = await db.kbChunk.findFirst({
      where: { id: input.aroundChunkId, documentId: input.documentId },
      select: { seq: true },
    });
    if (!target)
      throw new AppError(
        "NOT_FOUND",
        "That passage is no longer in the document: it was re-indexed or removed since it was cited.",
      );
    const before = await db.kbChunk.count({ where: { ...where, seq: { lt: target.seq } } });
    offset = Math.floor(before / limit) * limit;
  }
  const [items, total] = await db.$transaction([
    db.kbChunk.findMany({
      where,
      orderBy: { seq: "asc" },
      skip: offset,
      take: limit,
      select: {
        id: true,
        seq: true,
        text: true,
        tokens: true,
        headingPath: true,
        page: true,
        lineStart: true,
        lineEnd: true,
        rowStart: true,
        rowEnd: true,
        charStart: true,
        charEnd: true,
      },
    }),
    db.kbChunk.count({ where }),
  ]);
  return { items, total, offset, limit };
}

const METADATA_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
export const metadataSchema = z
  .record(z.string(), z.string().trim().max(2000, "A metadata value is at most 2,000 characters."))
  .superRefine((m, ctx) => {
    const keys = Object.keys(m);
    if (keys.length > 50) ctx.addIssue({ code: "custom", message: "Use at most 50 metadata fields." });
    const bad = keys.find((k) => !METADATA_KEY.test(k));
    if (bad !== undefined)
      ctx.addIssue({
        code: "custom",
        message: `"${bad}" is not a valid metadata key: use 1-40 letters, digits, _, . or -, starting with a letter.`,
      });
  });

/** Replaces a document's metadata (used by filters such as category = "policies"). */
export async function updateMetadata(id: string, metadata: Record<string, string>) {
  const parsed = metadataSchema.safeParse(metadata);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
  const clean = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== ""));
  await db.kbDocument.update({ where: { id }, data: { metadata: JSON.stringify(clean) } });
  return clean;
}

/**
 * Documents near this one: the mean of its first chunks' vectors searched in the namespace,
 * each other document scored by its closest chunk. Empty when the document has no vectors yet.
 */
export async function similarDocuments(id: string, limit = 10) {
  const doc = await db.kbDocument.findUnique({ where: { id }, include: { namespace: true } });
  if (!doc) throw new NotFoundError("The document");
  const ns = doc.namespace;
  const raw = await sqlite();
  const ids = (
    await db.kbChunk.findMany({ where: { documentId: id }, orderBy: { seq: "asc" }, take: 16, select: { id: true } })
  ).map((c) => c.id);
  if (ids.length === 0 || doc.status !== "embedded") return [];
  const store = new SqliteVecStore(raw);
  if (!store.dimensions().includes(ns.dimension)) return [];
  const rows = raw
    .prepare(`SELECT embedding FROM kb_vec_${ns.dimension} WHERE rowid IN (${ids.map(() => "?").join(",")})`)
    .safeIntegers(false)
    .all(...ids) as { embedding: Buffer }[];
  if (rows.length === 0) return [];
  const mean = new Float32Array(ns.dimension);
  for (const r of rows) {
    const v = new Float32Array(
      r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength),
    );
    for (let i = 0; i < mean.length; i++) mean[i]! += v[i]! / rows.length;
  }
  const hits = store.search(ns.id, ns.dimension, mean, 200);
  const chunkDoc = new Map(
    (
      await db.kbChunk.findMany({
        where: { id: { in: hits.map((h) => h.id) } },
        select: { id: true, documentId: true },
      })
    ).map((c) => [c.id, c.documentId]),
  );
  const best = new Map<string, number>();
  for (const h of hits) {
    const d = chunkDoc.get(h.id);
    if (!d || d === id || best.has(d)) continue;
    best.set(d, Math.round((1 - h.distance) * 1000) / 1000);
  }
  const top = [...best.entries()].slice(0, limit);
  const docs = new Map(
    (
      await db.kbDocument.findMany({
        where: { id: { in: top.map(([d]) => d) } },
        select: { id: true, title: true, mime: true },
      })
    ).map((d) => [d.id, d]),
  );
  return top.flatMap(([d, similarity], i) => {
    const other = docs.get(d);
    return other ? [{ rank: i + 1, id: d, title: other.title, type: typeOfMime(other.mime), similarity }] : [];
  });
}

/** Past retrievals that returned this document (tester, chat, CLI), newest first. */
export async function documentQueries(id: string, limit = 50) {
  const hits = await db.kbQueryHit.findMany({
    where: { documentId: id },
    orderBy: { query: { createdAt: "desc" } },
    take: limit,
    include: { query: { select: { query: true, origin: true, createdAt: true, latencyMs: true, topK: true } } },
  });
  return hits.map((h) => ({ id: h.id, chunkId: h.chunkId, rank: h.rank, score: h.score, ...h.query }));
}

/** The caller's recent Query tester questions in a namespace, newest first, without repeats. */
export async function recentTesterQueries(namespace: string, userId: string, limit = 15) {
  const ns = await getNamespace(namespace);
  const rows = await db.kbQueryLog.findMany({
    where: { namespaceId: ns.id, origin: "tester", userId },
    orderBy: { createdAt: "desc" },
    take: limit * 4,
    select: { query: true, createdAt: true, latencyMs: true, _count: { select: { hits: true } } },
  });
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.query) && seen.add(r.query))
    .slice(0, limit)
    .map((r) => ({ query: r.query, createdAt: r.createdAt, latencyMs: r.latencyMs, hits: r._count.hits }));
}
