import "server-only";
import { importEvalItems, parseEvalJsonl, runEvaluation } from "@/server/knowledge/evaluate";
import { getNamespace } from "@/server/knowledge/namespaces";
import { listEvalItemsByNamespace, listEvalRunsByNamespace } from "@/server/knowledge/store/eval";

/** The namespace's evaluation set as JSONL (what the editor shows and exports). */
export async function evalSetJsonl(namespace: string): Promise<{ jsonl: string; count: number }> {
  const ns = await getNamespace(namespace);
  const items = await listEvalItemsByNamespace({ namespaceId: ns.id });
  return {
    jsonl: items
      .map((i) => JSON.stringify({ question: i.question, expected: JSON.parse(i.expected) as string[] }))
      .join("\n"),
    count: items.length,
  };
}

/** Replaces the evaluation set with the edited or imported JSONL (the line of the first mistake is named). */
export async function saveEvalSet(namespace: string, jsonl: string): Promise<{ count: number }> {
  const ns = await getNamespace(namespace);
  return { count: await importEvalItems(ns, parseEvalJsonl(jsonl), "replace") };
}

export interface StoredScores {
  hit1: number;
  hit5: number;
  mrr10: number;
}

/** Past runs, newest first, for the history table and chart. */
export async function evalRuns(namespace: string, limit = 50) {
  const ns = await getNamespace(namespace);
  const runs = await listEvalRunsByNamespace({ namespaceId: ns.id, limit });
  return runs.map((r) => {
    const results = JSON.parse(r.results) as {
      bm25: StoredScores;
      vector: StoredScores;
      hybrid: StoredScores;
      grid?: { weights: { bm25: number; vector: number }; scores: StoredScores }[];
    };
    return {
      id: r.id,
      kind: r.kind,
      createdAt: r.createdAt,
      itemCount: r.itemCount,
      embedder: r.embedder,
      chunkSize: r.chunkSize,
      chunkOverlap: r.chunkOverlap,
      bm25Weight: r.bm25Weight,
      vectorWeight: r.vectorWeight,
      ...results,
    };
  });
}

export async function evaluateNamespace(namespace: string, calibrate: boolean) {
  const ns = await getNamespace(namespace);
  return runEvaluation(ns, { calibrate });
}
