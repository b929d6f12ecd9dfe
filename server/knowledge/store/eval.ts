import "server-only";
import { db } from "@/server/db";

/** KbEvalItem (a namespace's evaluation questions) and KbEvalRun (the scored runs). */

/** Replaces (or extends) the namespace's questions in one transaction. */
export async function saveEvalItems({
  namespaceId,
  items,
  replace,
}: {
  namespaceId: string;
  items: { question: string; expected: string }[];
  replace: boolean;
}): Promise<void> {
  await db.$transaction([
    ...(replace ? [db.kbEvalItem.deleteMany({ where: { namespaceId } })] : []),
    db.kbEvalItem.createMany({ data: items.map((it) => ({ namespaceId, ...it })) }),
  ]);
}

export async function listEvalItemsByNamespace({ namespaceId }: { namespaceId: string }) {
  return db.kbEvalItem.findMany({ where: { namespaceId }, orderBy: { createdAt: "asc" } });
}

export async function listEvalRunsByNamespace({ namespaceId, limit }: { namespaceId: string; limit: number }) {
  return db.kbEvalRun.findMany({ where: { namespaceId }, orderBy: { createdAt: "desc" }, take: limit });
}

/** Stores a run; a calibration also keeps its weights on the namespace, in the same transaction. */
export async function insertEvalRun(run: {
  namespaceId: string;
  kind: "run" | "calibrate";
  itemCount: number;
  embedder: string;
  chunkSize: number;
  chunkOverlap: number;
  bm25Weight: number;
  vectorWeight: number;
  results: string;
}): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    if (run.kind === "calibrate")
      await tx.kbNamespace.update({
        where: { id: run.namespaceId },
        data: { bm25Weight: run.bm25Weight, vectorWeight: run.vectorWeight },
      });
    return tx.kbEvalRun.create({ data: run, select: { id: true } });
  });
}
