import "server-only";
import { statfs, stat } from "node:fs/promises";
import { z } from "zod";
import { env } from "@/server/env";
import { AppError, NotFoundError } from "@/lib/errors";
import { SUPPORTED_EXTENSIONS } from "@/server/extract";
import { toFtsQuery } from "@/server/knowledge/fts-query";
import { getNamespace } from "@/server/knowledge/namespaces";
import {
  countChunks,
  countChunksBeforeSeq,
  getChunkSeqByDocument,
  listChunksByDocument,
  listFirstChunkIdsByDocument,
  sumTokensByDocument,
} from "@/server/knowledge/store/chunks";
import {
  countDocumentsByStatus,
  getDocumentWithNamespaceById,
  listDocumentTitlesByIds,
  updateDocumentMetadataById,
} from "@/server/knowledge/store/documents";
import {
  type DocumentFilters,
  type DocumentListRow,
  getDocumentDetailById,
  getKnowledgeIndexBytes,
  listDocumentIdsByFilters,
  listDocumentsByFilters,
} from "@/server/knowledge/store/library";
import { listQueryHitsByDocument, listQueryLogsByUser } from "@/server/knowledge/store/queries";
import { listChunkDocumentsByIds, listDocumentIdsByText } from "@/server/knowledge/store/search";
import { appVectorStore } from "@/server/knowledge/store/vectors";
import { getSettings } from "@/server/settings/settings";
import { sourcePathDisplay } from "@/server/knowledge/display-path";

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

export type DocumentRow = DocumentListRow & { type: DocumentType | "other" };

/**
 * One page of a namespace's documents, filtered and sorted in SQL so the table stays fast at
 * 10,000 documents; the search matches names, paths, metadata and the indexed text.
 */
export async function listDocuments(input: ListDocumentsInput): Promise<{ rows: DocumentRow[]; total: number }> {
  const p = listDocumentsSchema.parse(input);
  const { rows, total } = await listDocumentsByFilters({
    filters: await documentFilters(p),
    sort: p.sort,
    dir: p.dir,
    offset: p.offset,
    limit: p.limit,
  });
  const display = await sourcePathDisplay();
  return { rows: rows.map((r) => ({ ...r, sourcePath: display(r.sourcePath), type: typeOfMime(r.mime) })), total };
}

/** Every id the filters match (at most 10,000), for "select all" before a bulk action. */
export async function listDocumentIds(input: ListDocumentsInput): Promise<string[]> {
  return listDocumentIdsByFilters({ filters: await documentFilters(listDocumentsSchema.parse(input)), limit: 10_000 });
}

/** The search matches names, paths and metadata, and the indexed text (FTS5). */
async function documentFilters(p: z.output<typeof listDocumentsSchema>): Promise<DocumentFilters> {
  const ns = await getNamespace(p.namespace);
  const fts = p.q ? toFtsQuery(p.q) : "";
  return {
    namespaceId: ns.id,
    mimes: p.types.flatMap((t) => [...DOCUMENT_TYPES[t]]),
    sources: p.sources,
    statuses: p.statuses,
    q: p.q,
    textMatchIds: fts ? await listDocumentIdsByText({ fts, namespaceId: ns.id }) : [],
  };
}

/** The header's figures: documents by status, chunks, embedder, index size and free disk. */
export async function libraryStats(namespace: string) {
  const ns = await getNamespace(namespace);
  const [byStatus, chunks] = await Promise.all([
    countDocumentsByStatus({ namespaceId: ns.id }),
    countChunks({ namespaceId: ns.id }),
  ]);
  const count = (s: string) => byStatus.get(s) ?? 0;
  const disk = await statfs(env.DATA_DIR).catch(() => null);
  const settings = await getSettings();
  return {
    namespace: ns.name,
    documents: [...byStatus.values()].reduce((n, c) => n + c, 0),
    embedded: count("embedded"),
    pending: count("pending"),
    failed: count("failed"),
    chunks,
    embedder: `${ns.embedderProvider}:${ns.embedderModel}`,
    dimension: ns.dimension,
    weights: { bm25: ns.bm25Weight, vector: ns.vectorWeight },
    indexBytes: await getKnowledgeIndexBytes(),
    diskFreeBytes: disk ? disk.bavail * disk.bsize : null,
    diskTotalBytes: disk ? disk.blocks * disk.bsize : null,
    maxUploadMb: settings.system.maxUploadMb,
    supportedExtensions: SUPPORTED_EXTENSIONS,
  };
}

export async function getDocument(id: string) {
  const doc = await getDocumentDetailById({ id });
  if (!doc) throw new NotFoundError("The document");
  const onDisk = doc.sourcePath?.startsWith("/")
    ? await stat(doc.sourcePath).then(
        () => true,
        () => false,
      )
    : null;
  const tokens = await sumTokensByDocument({ documentId: id });
  const display = await sourcePathDisplay();
  return {
    ...doc,
    sourcePath: display(doc.sourcePath),
    type: typeOfMime(doc.mime),
    metadata: JSON.parse(doc.metadata) as Record<string, string>,
    tokens,
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
  if (input.aroundChunkId !== undefined) {
    const seq = await getChunkSeqByDocument({ id: input.aroundChunkId, documentId: input.documentId });
    if (seq === null)
      throw new AppError(
        "NOT_FOUND",
        "That passage is no longer in the document: it was re-indexed or removed since it was cited.",
      );
    const before = await countChunksBeforeSeq({ documentId: input.documentId, q: input.q, seq });
    offset = Math.floor(before / limit) * limit;
  }
  const { items, total } = await listChunksByDocument({ documentId: input.documentId, q: input.q, offset, limit });
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
  await updateDocumentMetadataById({ id, metadata: JSON.stringify(clean) });
  return clean;
}

/**
 * Documents near this one: the mean of its first chunks' vectors searched in the namespace,
 * each other document scored by its closest chunk. Empty when the document has no vectors yet.
 */
export async function similarDocuments(id: string, limit = 10) {
  const doc = await getDocumentWithNamespaceById({ id });
  if (!doc) throw new NotFoundError("The document");
  const ns = doc.namespace;
  const ids = await listFirstChunkIdsByDocument({ documentId: id, limit: 16 });
  if (ids.length === 0 || doc.status !== "embedded") return [];
  const vectors = await appVectorStore();
  if (!vectors.dimensions().includes(ns.dimension)) return [];
  const stored = [...vectors.vectorsByIds(ns.dimension, ids).values()];
  if (stored.length === 0) return [];
  const mean = new Float32Array(ns.dimension);
  for (const v of stored) for (let i = 0; i < mean.length; i++) mean[i]! += v[i]! / stored.length;
  const hits = vectors.search(ns.id, ns.dimension, mean, 200);
  const chunkDoc = new Map(
    (await listChunkDocumentsByIds({ ids: hits.map((h) => h.id) })).map((c) => [c.id, c.documentId]),
  );
  const best = new Map<string, number>();
  for (const h of hits) {
    const d = chunkDoc.get(h.id);
    if (!d || d === id || best.has(d)) continue;
    best.set(d, Math.round((1 - h.distance) * 1000) / 1000);
  }
  const top = [...best.entries()].slice(0, limit);
  const docs = new Map((await listDocumentTitlesByIds({ ids: top.map(([d]) => d) })).map((d) => [d.id, d]));
  return top.flatMap(([d, similarity], i) => {
    const other = docs.get(d);
    return other ? [{ rank: i + 1, id: d, title: other.title, type: typeOfMime(other.mime), similarity }] : [];
  });
}

/** Past retrievals that returned this document (tester, chat, CLI), newest first. */
export async function documentQueries(id: string, limit = 50) {
  const hits = await listQueryHitsByDocument({ documentId: id, limit });
  return hits.map((h) => ({ id: h.id, chunkId: h.chunkId, rank: h.rank, score: h.score, ...h.query }));
}

/** The caller's recent Query tester questions in a namespace, newest first, without repeats. */
export async function recentTesterQueries(namespace: string, userId: string, limit = 15) {
  const ns = await getNamespace(namespace);
  const rows = await listQueryLogsByUser({ namespaceId: ns.id, origin: "tester", userId, limit: limit * 4 });
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.query) && seen.add(r.query))
    .slice(0, limit)
    .map((r) => ({ query: r.query, createdAt: r.createdAt, latencyMs: r.latencyMs, hits: r._count.hits }));
}
