import "server-only";
import type { Database } from "better-sqlite3";
import { AppError } from "@/lib/errors";
import { embedderName, type Embedder } from "@/lib/knowledge/embedders/types";
import { capPerDocument, type Candidate, type FusionWeights, fuse } from "@/lib/knowledge/fusion";
import type { SourceLocation } from "@/lib/knowledge/types";
import { db, sqlite } from "@/server/db";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder } from "@/server/knowledge/embedders";
import { toFtsQuery } from "@/server/knowledge/fts-query";
import { namespaceEmbedder } from "@/server/knowledge/namespaces";
import { SqliteVecStore } from "@/server/knowledge/vector-store";

export type Retriever = "hybrid" | "bm25" | "vector";

export interface SearchFilters {
  documentIds?: string[];
  /** Every key must equal the document's metadata value. */
  metadata?: Record<string, string>;
}

export interface RetrievedLists {
  bm25: (Candidate & { bm25Score: number })[];
  vector: (Candidate & { distance: number })[];
  queryVector: Float32Array | null;
}

export interface SearchHit extends SourceLocation {
  rank: number;
  chunkId: number;
  documentId: string;
  documentTitle: string;
  sourcePath: string | null;
  text: string;
  charStart: number;
  charEnd: number;
  /** Fused score, 1 = first in every retriever used. */
  score: number;
  bm25Rank: number | null;
  bm25Score: number | null;
  vectorRank: number | null;
  vectorDistance: number | null;
  /** Cosine similarity to the query (1 - distance); what the namespace's threshold applies to. */
  similarity: number | null;
}

export interface SearchResult {
  namespace: string;
  query: string;
  retriever: Retriever;
  weights: FusionWeights;
  embedder: string;
  hits: SearchHit[];
  /** True when nothing passed the score threshold: callers say so instead of citing noise. */
  nothingRelevant: boolean;
  latencyMs: number;
}

/** How many candidates each retriever contributes before fusion and the per-document cap. */
export function candidateDepth(topK: number): number {
  return Math.max(50, topK * 5);
}

/** Refuses an embedder other than the one whose vectors the namespace holds. */
export function assertSameEmbedder(ns: KbNamespace, embedder: Pick<Embedder, "provider" | "model">): void {
  if (embedder.provider !== ns.embedderProvider || embedder.model !== ns.embedderModel) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The namespace "${ns.name}" holds vectors made by ${ns.embedderProvider}:${ns.embedderModel} (${ns.dimension} dimensions); searching it with ${embedderName(embedder)} is refused because vectors of different models cannot be compared. Search with its own embedder, or re-embed the namespace with the new one.`,
    );
  }
}

function allowedDocuments(raw: Database, ns: KbNamespace, filters: SearchFilters): Set<string> | null {
  const meta = Object.entries(filters.metadata ?? {});
  if (!filters.documentIds?.length && meta.length === 0) return null;
  const where = ["namespaceId = ?"];
  const args: unknown[] = [ns.id];
  if (filters.documentIds?.length) {
    where.push(`id IN (${filters.documentIds.map(() => "?").join(",")})`);
    args.push(...filters.documentIds);
  }
  for (const [key, value] of meta) {
    where.push(`json_extract(metadata, ?) = ?`);
    args.push(`$."${key.replace(/"/g, "")}"`, value);
  }
  const rows = raw
    .prepare(`SELECT id FROM KbDocument WHERE ${where.join(" AND ")}`)
    .safeIntegers(false)
    .all(...args) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/**
 * The BM25 ranking of the namespace's chunks. FTS5 ranks the whole index on its own in a few ms;
 * joined with KbChunk for the namespace in the same statement it took 30+ ms at 100,000 chunks
 * (SQLite probes every matching row). So the index's top rows are fetched alone, then filtered by
 * namespace (and allowed documents) with one lookup of those ids, fetching deeper while too few
 * belong to the namespace; a namespace that holds a small share of a large index falls back to
 * the joined statement.
 */
export function bm25Candidates(
  raw: Database,
  ns: KbNamespace,
  query: string,
  depth: number,
  allowed: Set<string> | null,
): RetrievedLists["bm25"] {
  const fts = toFtsQuery(query);
  if (!fts) return [];
  const wanted = allowed ? depth * 10 : depth;
  const ranked = raw
    .prepare(
      `SELECT rowid AS chunkId, bm25(kb_chunk_fts) AS score FROM kb_chunk_fts WHERE kb_chunk_fts MATCH ? ORDER BY score LIMIT ?`,
    )
    .safeIntegers(false);
  for (let limit = Math.max(100, wanted * 2); limit <= 12_800; limit *= 8) {
    const rows = ranked.all(fts, limit) as { chunkId: number; score: number }[];
    const docOf = chunkDocuments(
      raw,
      ns,
      rows.map((r) => r.chunkId),
    );
    const kept = rows.filter((r) => docOf.has(r.chunkId)).slice(0, wanted);
    if (kept.length >= wanted || rows.length < limit) return finishBm25(kept, docOf, depth, allowed);
  }
  const rows = raw
    .prepare(
      `SELECT c.id AS chunkId, c.documentId AS documentId, bm25(kb_chunk_fts) AS score
       FROM kb_chunk_fts JOIN KbChunk c ON c.id = kb_chunk_fts.rowid
       WHERE kb_chunk_fts MATCH ? AND c.namespaceId = ? ORDER BY score LIMIT ?`,
    )
    .safeIntegers(false)
    .all(fts, ns.id, wanted) as { chunkId: number; documentId: string; score: number }[];
  return finishBm25(rows, new Map(rows.map((r) => [r.chunkId, r.documentId])), depth, allowed);
}

function finishBm25(
  rows: { chunkId: number; score: number }[],
  docOf: Map<number, string>,
  depth: number,
  allowed: Set<string> | null,
): RetrievedLists["bm25"] {
  return rows
    .map((r) => ({ chunkId: r.chunkId, documentId: docOf.get(r.chunkId)!, bm25Score: -r.score }))
    .filter((r) => !allowed || allowed.has(r.documentId))
    .slice(0, depth);
}

/** The document of each given chunk that belongs to the namespace. */
function chunkDocuments(raw: Database, ns: KbNamespace, ids: number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    // The namespace is compared here rather than in SQL so SQLite looks the ids up by primary key.
    const rows = raw
      .prepare(`SELECT id, documentId, namespaceId FROM KbChunk WHERE id IN (${part.map(() => "?").join(",")})`)
      .safeIntegers(false)
      .all(...part) as { id: number; documentId: string; namespaceId: string }[];
    for (const r of rows) if (r.namespaceId === ns.id) out.set(r.id, r.documentId);
  }
  return out;
}

function vectorCandidates(
  raw: Database,
  ns: KbNamespace,
  vector: Float32Array,
  depth: number,
  allowed: Set<string> | null,
): RetrievedLists["vector"] {
  const store = new SqliteVecStore(raw);
  const hits = store.search(ns.id, ns.dimension, vector, allowed ? depth * 10 : depth);
  if (hits.length === 0) return [];
  const docOf = new Map<number, string>();
  const rows = raw
    .prepare(`SELECT id, documentId FROM KbChunk WHERE id IN (${hits.map(() => "?").join(",")})`)
    .safeIntegers(false)
    .all(...hits.map((h) => h.id)) as { id: number; documentId: string }[];
  for (const r of rows) docOf.set(r.id, r.documentId);
  return hits
    .filter((h) => docOf.has(h.id) && (!allowed || allowed.has(docOf.get(h.id)!)))
    .slice(0, depth)
    .map((h) => ({ chunkId: h.id, documentId: docOf.get(h.id)!, distance: h.distance }));
}

/**
 * Both retrievers' candidate lists for a query (the evaluation reuses them across fusion weights).
 * The vector side runs only when the namespace has vectors to compare with.
 */
export async function retrieve(
  ns: KbNamespace,
  query: string,
  opts: { depth: number; filters?: SearchFilters; embedder?: Embedder; retriever?: Retriever },
): Promise<RetrievedLists> {
  const embedder = opts.embedder ?? createEmbedder(namespaceEmbedder(ns));
  assertSameEmbedder(ns, embedder);
  const raw = await sqlite();
  const allowed = allowedDocuments(raw, ns, opts.filters ?? {});
  const retriever = opts.retriever ?? "hybrid";
  const bm25 = retriever === "vector" ? [] : bm25Candidates(raw, ns, query, opts.depth, allowed);
  let vector: RetrievedLists["vector"] = [];
  let queryVector: Float32Array | null = null;
  if (retriever !== "bm25") {
    queryVector = await embedder.embedQuery(query);
    if (queryVector.length !== ns.dimension) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `The embedder returned ${queryVector.length} dimensions; the namespace "${ns.name}" holds ${ns.dimension}. Re-embed the namespace.`,
      );
    }
    vector = vectorCandidates(raw, ns, queryVector, opts.depth, allowed);
  }
  return { bm25, vector, queryVector };
}

export function weightsFor(ns: KbNamespace, retriever: Retriever, override?: FusionWeights): FusionWeights {
  if (retriever === "bm25") return { bm25: 1, vector: 0 };
  if (retriever === "vector") return { bm25: 0, vector: 1 };
  return override ?? { bm25: ns.bm25Weight, vector: ns.vectorWeight };
}

export interface SearchInput {
  namespace: KbNamespace;
  query: string;
  topK?: number;
  retriever?: Retriever;
  filters?: SearchFilters;
  weights?: FusionWeights;
  embedder?: Embedder;
  /** Recorded for query history and "queries that hit this document". */
  log?: { origin: "tester" | "chat" | "cli" | "workflow"; userId?: string | null };
}

/**
 * Hybrid retrieval: BM25 and vector candidates fused by weighted RRF, at most perDocumentCap
 * chunks per document, top K. Hits whose similarity is below the namespace's threshold are
 * dropped; when none is left the result says nothing relevant was found.
 */
export async function search(input: SearchInput): Promise<SearchResult> {
  const started = performance.now();
  const ns = input.namespace;
  const topK = Math.max(1, Math.min(50, input.topK ?? 10));
  const retriever = input.retriever ?? "hybrid";
  const weights = weightsFor(ns, retriever, input.weights);
  const embedder = input.embedder ?? createEmbedder(namespaceEmbedder(ns));
  const lists = await retrieve(ns, input.query, {
    depth: candidateDepth(topK),
    filters: input.filters,
    embedder,
    retriever: weights.vector > 0 ? (weights.bm25 > 0 ? "hybrid" : "vector") : "bm25",
  });
  const fused = fuse(lists.bm25, lists.vector, weights);
  const raw = await sqlite();
  const distance = new Map<number, number>(lists.vector.map((v) => [v.chunkId, v.distance]));
  if (lists.queryVector) {
    const missing = fused
      .slice(0, topK * 3)
      .filter((c) => !distance.has(c.chunkId))
      .map((c) => c.chunkId);
    for (const [id, d] of new SqliteVecStore(raw).distances(ns.id, ns.dimension, missing, lists.queryVector))
      distance.set(id, d);
  }
  const similarityOf = (id: number) => (distance.has(id) ? 1 - distance.get(id)! : null);
  const passing = fused.filter((c) => ns.scoreThreshold <= 0 || (similarityOf(c.chunkId) ?? 0) >= ns.scoreThreshold);
  const top = capPerDocument(passing, Math.max(1, ns.perDocumentCap), topK);
  const hits = hydrate(raw, top, lists, distance);
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const result: SearchResult = {
    namespace: ns.name,
    query: input.query,
    retriever,
    weights,
    embedder: embedderName(embedder),
    hits,
    nothingRelevant: hits.length === 0,
    latencyMs,
  };
  if (input.log) await logQuery(ns, result, input.log, topK);
  return result;
}

function hydrate(
  raw: Database,
  top: ReturnType<typeof fuse>,
  lists: RetrievedLists,
  distance: Map<number, number>,
): SearchHit[] {
  if (top.length === 0) return [];
  const bm25Score = new Map(lists.bm25.map((b) => [b.chunkId, b.bm25Score]));
  const rows = raw
    .prepare(
      `SELECT c.id, c.text, c.headingPath, c.page, c.lineStart, c.lineEnd, c.rowStart, c.rowEnd, c.charStart, c.charEnd, d.title, d.sourcePath
       FROM KbChunk c JOIN KbDocument d ON d.id = c.documentId WHERE c.id IN (${top.map(() => "?").join(",")})`,
    )
    .safeIntegers(false)
    .all(...top.map((t) => t.chunkId)) as {
    id: number;
    text: string;
    headingPath: string | null;
    page: number | null;
    lineStart: number | null;
    lineEnd: number | null;
    rowStart: number | null;
    rowEnd: number | null;
    charStart: number;
    charEnd: number;
    title: string;
    sourcePath: string | null;
  }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return top.flatMap((c, i) => {
    const r = byId.get(c.chunkId);
    if (!r) return [];
    const hit: SearchHit = {
      rank: i + 1,
      chunkId: c.chunkId,
      documentId: c.documentId,
      documentTitle: r.title,
      sourcePath: r.sourcePath,
      text: r.text,
      charStart: r.charStart,
      charEnd: r.charEnd,
      score: Math.round(c.score * 10000) / 10000,
      bm25Rank: c.bm25Rank,
      bm25Score: bm25Score.has(c.chunkId) ? Math.round(bm25Score.get(c.chunkId)! * 1000) / 1000 : null,
      vectorRank: c.vectorRank,
      vectorDistance: distance.has(c.chunkId) ? Math.round(distance.get(c.chunkId)! * 10000) / 10000 : null,
      similarity: distance.has(c.chunkId) ? Math.round((1 - distance.get(c.chunkId)!) * 10000) / 10000 : null,
    };
    for (const key of ["headingPath", "page", "lineStart", "lineEnd", "rowStart", "rowEnd"] as const) {
      const v = r[key];
      if (v !== null) (hit as unknown as Record<string, unknown>)[key] = v;
    }
    return [hit];
  });
}

async function logQuery(
  ns: KbNamespace,
  result: SearchResult,
  log: NonNullable<SearchInput["log"]>,
  topK: number,
): Promise<void> {
  await db.kbQueryLog.create({
    data: {
      namespaceId: ns.id,
      query: result.query.slice(0, 2000),
      origin: log.origin,
      userId: log.userId ?? null,
      topK,
      latencyMs: Math.round(result.latencyMs),
      hits: {
        create: result.hits.map((h) => ({
          documentId: h.documentId,
          chunkId: h.chunkId,
          rank: h.rank,
          score: h.score,
        })),
      },
    },
  });
}
