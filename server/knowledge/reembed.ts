import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder, type EmbedderSpec, parseEmbedderSpec, probeDimension } from "@/server/knowledge/embedders";
import { embeddingText } from "@/server/knowledge/ingest";
import { defaultWeights, getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import { countChunks } from "@/server/knowledge/store/chunks";
import { countDocuments } from "@/server/knowledge/store/documents";
import {
  countStagedVectors,
  deleteStagedVectorsByNamespace,
  insertStagedVectors,
  listUnstagedChunks,
  switchToStagedVectors,
} from "@/server/knowledge/store/reembed";
import { getActiveTaskByEvent, getLatestTaskByEvent } from "@/server/knowledge/store/tasks";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";
import { EVENT } from "@/inngest/events/names";

/** Chunks embedded per durable step: big enough to keep the step count low, small enough to resume cheaply. */
export const REEMBED_STEP_CHUNKS = 256;

export const reembedRequestSchema = z.object({
  namespace: namespaceNameSchema,
  provider: z.string().min(1),
  model: z.string().min(1),
  dimension: z.number().int().min(1).max(8192),
});
export type ReembedRequest = z.infer<typeof reembedRequestSchema>;

/** The namespace's staged vectors (of an interrupted or finished re-embed) dropped. */
export async function clearStaging(namespaceId: string): Promise<void> {
  await deleteStagedVectorsByNamespace({ namespaceId });
}

export interface ReembedProgress {
  staged: number;
  remaining: number;
}

export async function reembedProgress(namespaceId: string): Promise<ReembedProgress> {
  return countStagedVectors({ namespaceId });
}

/** What a re-embed costs: every chunk of the namespace goes through the new embedder once. */
export async function estimateReembed(namespace: string) {
  const ns = await getNamespace(namespace);
  const [chunks, documents] = await Promise.all([
    countChunks({ namespaceId: ns.id }),
    countDocuments({ namespaceId: ns.id }),
  ]);
  return {
    namespace: ns.name,
    embedder: `${ns.embedderProvider}:${ns.embedderModel}`,
    dimension: ns.dimension,
    chunks,
    documents,
    steps: Math.ceil(chunks / REEMBED_STEP_CHUNKS),
  };
}

/** Embeds up to `limit` chunks that have no new vector yet into the staging table. */
export async function embedNextBatch(
  req: ReembedRequest,
  embedder: Embedder,
  limit = REEMBED_STEP_CHUNKS,
): Promise<ReembedProgress> {
  const ns = await getNamespace(req.namespace);
  const rows = await listUnstagedChunks({ namespaceId: ns.id, limit });
  for (let i = 0; i < rows.length; i += embedder.batchSize) {
    const batch = rows.slice(i, i + embedder.batchSize);
    const vectors = await embedder.embedDocuments(
      batch.map((c) => embeddingText({ text: c.text, headingPath: c.headingPath ?? undefined })),
    );
    for (const v of vectors) {
      if (v.length !== req.dimension)
        throw new AppError(
          "PRECONDITION_FAILED",
          `${req.provider}:${req.model} returned ${v.length} dimensions instead of ${req.dimension}; the re-embed stopped.`,
        );
    }
    await insertStagedVectors({
      namespaceId: ns.id,
      items: batch.map((c, j) => ({ chunkId: c.id, vector: vectors[j]! })),
    });
  }
  return reembedProgress(ns.id);
}

/**
 * Switches the namespace to the new embedder in one transaction: old vectors out, staged ones in,
 * embedder, dimension and the embedder's default fusion weights (the old weights were tuned for
 * the old model) on the namespace. False when chunks arrived meanwhile that still need a vector.
 */
export async function switchNamespace(req: ReembedRequest): Promise<boolean> {
  const ns = await getNamespace(req.namespace);
  const spec: EmbedderSpec = { provider: req.provider, model: req.model };
  return switchToStagedVectors({
    namespaceId: ns.id,
    oldDimension: ns.dimension,
    embedderProvider: req.provider,
    embedderModel: req.model,
    dimension: req.dimension,
    ...defaultWeights(spec),
  });
}

/** The namespace's running (or queued) re-embed task, if any. */
export async function activeReembed(namespace: string) {
  return getActiveTaskByEvent({ eventName: EVENT.reembedNamespace, originId: namespace });
}

/** The namespace's latest re-embed task (running or finished), for the dialog's progress. */
export async function latestReembed(namespace: string) {
  return getLatestTaskByEvent({ eventName: EVENT.reembedNamespace, originId: namespace });
}

/**
 * Starts a guided re-embed: the new embedder is tried first (a wrong model or an unreachable
 * server is reported now, not minutes later), then a durable task embeds every chunk.
 */
export async function startReembed(
  input: { namespace: string; embedder: string; ownerId: string | null },
  send: SendEvent = sendWithInngest,
) {
  const ns: KbNamespace = await getNamespace(input.namespace);
  const spec = parseEmbedderSpec(input.embedder);
  if (spec.provider === ns.embedderProvider && spec.model === ns.embedderModel) {
    throw new AppError("BAD_REQUEST", `The namespace "${ns.name}" already uses ${input.embedder}.`);
  }
  if (await activeReembed(ns.name))
    throw new AppError(
      "CONFLICT",
      `The namespace "${ns.name}" is already being re-embedded: wait for it or cancel it.`,
    );
  const dimension = await probeDimension(createEmbedder(spec));
  await clearStaging(ns.id);
  const data: ReembedRequest = { namespace: ns.name, provider: spec.provider, model: spec.model, dimension };
  return enqueueTask(
    {
      kind: "ingest",
      title: `Re-embed "${ns.name}" with ${spec.provider}:${spec.model}`,
      eventName: EVENT.reembedNamespace,
      data,
      ownerId: input.ownerId,
      originType: "namespace",
      originId: ns.name,
    },
    send,
  );
}
