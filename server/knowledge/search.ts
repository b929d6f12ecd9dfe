import "server-only";
import { AppError } from "@/lib/errors";
import { embedderName, type Embedder } from "@/lib/knowledge/embedders/types";
import { capPerDocument, type Candidate, type FusionWeights, fuse } from "@/lib/knowledge/fusion";
import type { SourceLocation } from "@/lib/knowledge/types";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder } from "@/server/knowledge/embedders";
import { toFtsQuery } from "@/server/knowledge/fts-query";
import { namespaceEmbedder } from "@/server/knowledge/namespaces";
import { insertQueryLog } from "@/server/knowledge/store/queries";
import {
  listAllowedDocumentIds,
  listChunkDocumentsByIds,
  listHitRowsByChunkIds,
  listRankedChunks,
  listRankedChunksByNamespace,
} from "@/server/knowledge/store/search";
import { appVectorStore } from "@/server/knowledge/store/vectors";

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

async function allowedDocuments(ns: KbNamespace, filters: SearchFilters): Promise<Set<string> | null> {
  const meta = Object.entries(filters.metadata ?? {});
  if (!filters.documentIds?.length && meta.length === 0) return null;
  const ids = await listAllowedDocumentIds({
    namespaceId: ns.id,
    documentIds: filters.documentIds?.length ? filters.documentIds : null,
    metadata: meta.map(([key, value]) => [`$."${key.replace(/"/g, "")}"`, value]),
  });
  return new Set(ids);
}

/**
 * The BM25 ranking of the namespace's chunks. FTS5 ranks the whole index on its own quickly;
 * joined with KbChunk for the namespace in the same statement it is many times slower on a large
 * index, as SQLite probes every matching row (docs/benchmarks.md). So the index's top rows are
 * fetched alone, then filtered by namespace (and allowed documents) with one lookup of those
 * ids, fetching deeper while too few belong to the namespace; a namespace that holds a small
 * share of a large index falls back to the joined statement.
 */
async function bm25Candidates(
  ns: KbNamespace,
  query: string,
  depth: number,
  allowed: Set<string> | null,
): Promise<RetrievedLists["bm25"]> {
  const fts = toFtsQuery(query);
  if (!fts) return [];
  const wanted = allowed ? depth * 10 : depth;
  for (let limit = Math.max(100, wanted * 2); limit <= 12_800; limit *= 8) {
    const rows = await listRankedChunks({ fts, limit });
    const docOf = await chunkDocuments(
      ns,
      rows.map((r) => r.chunkId),
    );
    const kept = rows.filter((r) => docOf.has(r.chunkId)).slice(0, wanted);
    if (kept.length >= wanted || rows.length < limit) return finishBm25(kept, docOf, depth, allowed);
  }
  const rows = await listRankedChunksByNamespace({ fts, namespaceId: ns.id, limit: wanted });
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
async function chunkDocuments(ns: KbNamespace, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const r of await listChunkDocumentsByIds({ ids })) if (r.namespaceId === ns.id) out.set(r.id, r.documentId);
  return out;
}

async function vectorCandidates(
  ns: KbNamespace,
  vector: Float32Array,
  depth: number,
  allowed: Set<string> | null,
): Promise<RetrievedLists["vector"]> {
  const hits = (await appVectorStore()).search(ns.id, ns.dimension, vector, allowed ? depth * 10 : depth);
  if (hits.length === 0) return [];
  const docOf = new Map<number, string>();
  for (const r of await listChunkDocumentsByIds({ ids: hits.map((h) => h.id) })) docOf.set(r.id, r.documentId);
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
  const allowed = await allowedDocuments(ns, opts.filters ?? {});
  const retriever = opts.retriever ?? "hybrid";
  const bm25 = retriever === "vector" ? [] : await bm25Candidates(ns, query, opts.depth, allowed);
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
    vector = await vectorCandidates(ns, queryVector, opts.depth, allowed);
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
  const distance = new Map<number, number>(lists.vector.map((v) => [v.chunkId, v.distance]));
  if (lists.queryVector) {
    const missing = fused
      .slice(0, topK * 3)
      .filter((c) => !distance.has(c.chunkId))
      .map((c) => c.chunkId);
    for (const [id, d] of (await appVectorStore()).distances(ns.id, ns.dimension, missing, lists.queryVector))
      distance.set(id, d);
  }
  const similarityOf = (id: number) => (distance.has(id) ? 1 - distance.get(id)! : null);
  const passing = fused.filter((c) => ns.scoreThreshold <= 0 || (similarityOf(c.chunkId) ?? 0) >= ns.scoreThreshold);
  const top = capPerDocument(passing, Math.max(1, ns.perDocumentCap), topK);
  const hits = await hydrate(top, lists, distance);
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

async function hydrate(
  top: ReturnType<typeof fuse>,
  lists: RetrievedLists,
  distance: Map<number, number>,
): Promise<SearchHit[]> {
  if (top.length === 0) return [];
  const bm25Score = new Map(lists.bm25.map((b) => [b.chunkId, b.bm25Score]));
  const rows = await listHitRowsByChunkIds({ ids: top.map((t) => t.chunkId) });
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
  await insertQueryLog({
    namespaceId: ns.id,
    query: result.query.slice(0, 2000),
    origin: log.origin,
    userId: log.userId ?? null,
    topK,
    latencyMs: Math.round(result.latencyMs),
    hits: result.hits.map((h) => ({ documentId: h.documentId, chunkId: h.chunkId, rank: h.rank, score: h.score })),
  });
}
