import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import { embedderName } from "@/lib/knowledge/embedders/types";
import { capPerDocument, type FusionWeights, fuse } from "@/lib/knowledge/fusion";
import { documentOrder, firstRelevantRank, type RetrievalScores, scoreRanks } from "@/lib/knowledge/metrics";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder } from "@/server/knowledge/embedders";
import { namespaceEmbedder } from "@/server/knowledge/namespaces";
import { type RetrievedLists, retrieve } from "@/server/knowledge/search";
import { listDocumentSourcesByNamespace } from "@/server/knowledge/store/documents";
import { insertEvalRun, listEvalItemsByNamespace, saveEvalItems } from "@/server/knowledge/store/eval";

/** One JSONL line: other fields are kept out and ignored (the format allows them). */
export const evalLineSchema = z.object({
  question: z.string().trim().min(1, "question is empty").max(2000),
  expected: z.array(z.string().trim().min(1)).min(1, "expected needs at least one file name or path suffix").max(50),
});

export type EvalLine = z.infer<typeof evalLineSchema>;

/** Parses JSONL, naming the line of the first mistake. */
export function parseEvalJsonl(text: string): EvalLine[] {
  const items: EvalLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new AppError("BAD_REQUEST", `Line ${i + 1} is not JSON.`);
    }
    const parsed = evalLineSchema.safeParse(json);
    if (!parsed.success)
      throw new AppError(
        "BAD_REQUEST",
        `Line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".") || "line"} ${x.message}`).join("; ")}`,
      );
    items.push(parsed.data);
  });
  if (items.length === 0) throw new AppError("BAD_REQUEST", "The evaluation file has no questions.");
  return items;
}

/** Replaces (or extends) a namespace's evaluation set. */
export async function importEvalItems(
  ns: KbNamespace,
  items: EvalLine[],
  mode: "replace" | "append" = "replace",
): Promise<number> {
  await saveEvalItems({
    namespaceId: ns.id,
    items: items.map((it) => ({ question: it.question, expected: JSON.stringify(it.expected) })),
    replace: mode === "replace",
  });
  return items.length;
}

export interface EvalResults {
  bm25: RetrievalScores;
  vector: RetrievalScores;
  hybrid: RetrievalScores;
}

export interface CalibrationPoint {
  weights: FusionWeights;
  scores: RetrievalScores;
}

/** Vector weights tried against BM25 at 1 (and vectors alone): low weights matter most for weak embedders. */
export const CALIBRATION_GRID: FusionWeights[] = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2]
  .map((vector) => ({ bm25: 1, vector }))
  .concat([{ bm25: 0, vector: 1 }]);

interface Prepared {
  expected: string[];
  lists: RetrievedLists;
}

const DEPTH = 50;

async function prepare(
  ns: KbNamespace,
  embedder: Embedder,
  onProgress?: (done: number, total: number) => void,
): Promise<{ prepared: Prepared[]; sources: Map<string, string> }> {
  const items = await listEvalItemsByNamespace({ namespaceId: ns.id });
  if (items.length === 0)
    throw new AppError(
      "PRECONDITION_FAILED",
      `The namespace "${ns.name}" has no evaluation questions yet. Import a JSONL file first.`,
    );
  const prepared: Prepared[] = [];
  for (const [i, item] of items.entries()) {
    prepared.push({
      expected: JSON.parse(item.expected) as string[],
      lists: await retrieve(ns, item.question, { depth: DEPTH, embedder }),
    });
    onProgress?.(i + 1, items.length);
  }
  const docs = await listDocumentSourcesByNamespace({ namespaceId: ns.id });
  return { prepared, sources: new Map(docs.map((d) => [d.id, d.sourcePath ?? d.title])) };
}

function scoreWith(p: Prepared[], sources: Map<string, string>, weights: FusionWeights, cap: number): RetrievalScores {
  const ranks = p.map(({ expected, lists }) => {
    const fused = capPerDocument(fuse(lists.bm25, lists.vector, weights), cap, DEPTH);
    return firstRelevantRank(
      documentOrder(fused).map((id) => sources.get(id) ?? ""),
      expected,
    );
  });
  return scoreRanks(ranks);
}

function better(a: RetrievalScores, b: RetrievalScores): boolean {
  return a.mrr10 > b.mrr10 || (a.mrr10 === b.mrr10 && a.hit5 > b.hit5);
}

/**
 * Runs the namespace's questions through BM25 only, vectors only and hybrid (the namespace's
 * weights, or the best of CALIBRATION_GRID when calibrating, which are then kept on the
 * namespace). Every run is stored so before/after comparisons stay possible.
 */
export async function runEvaluation(
  ns: KbNamespace,
  opts: { calibrate?: boolean; embedder?: Embedder; onProgress?: (done: number, total: number) => void } = {},
): Promise<{
  runId: string;
  results: EvalResults;
  weights: FusionWeights;
  grid?: CalibrationPoint[];
  itemCount: number;
}> {
  const embedder = opts.embedder ?? createEmbedder(namespaceEmbedder(ns));
  const { prepared, sources } = await prepare(ns, embedder, opts.onProgress);
  const cap = Math.max(1, ns.perDocumentCap);
  let weights: FusionWeights = { bm25: ns.bm25Weight, vector: ns.vectorWeight };
  let grid: CalibrationPoint[] | undefined;
  if (opts.calibrate) {
    grid = CALIBRATION_GRID.map((w) => ({ weights: w, scores: scoreWith(prepared, sources, w, cap) }));
    weights = grid.reduce((best, p) => (better(p.scores, best.scores) ? p : best)).weights;
  }
  const results: EvalResults = {
    bm25: scoreWith(prepared, sources, { bm25: 1, vector: 0 }, cap),
    vector: scoreWith(prepared, sources, { bm25: 0, vector: 1 }, cap),
    hybrid: scoreWith(prepared, sources, weights, cap),
  };
  const run = await insertEvalRun({
    namespaceId: ns.id,
    kind: opts.calibrate ? "calibrate" : "run",
    itemCount: prepared.length,
    embedder: embedderName(embedder),
    chunkSize: ns.chunkSize,
    chunkOverlap: ns.chunkOverlap,
    bm25Weight: weights.bm25,
    vectorWeight: weights.vector,
    results: JSON.stringify({ ...results, ...(grid ? { grid } : {}) }),
  });
  return { runId: run.id, results, weights, grid, itemCount: prepared.length };
}
