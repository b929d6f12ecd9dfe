import "server-only";
import { generateText } from "ai";
import { z } from "zod";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import { getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import { type SearchHit, search } from "@/server/knowledge/search";
import { defaultModelId } from "@/server/providers/catalog";

export const queryTestSchema = z.object({
  namespace: namespaceNameSchema,
  query: z.string().trim().min(1, "Type a question or some words to search for.").max(2000),
  topK: z.number().int().min(1).max(10).default(5),
  retriever: z.enum(["hybrid", "bm25", "vector"]).default("hybrid"),
  documentIds: z.array(z.string().min(1).max(64)).max(100).default([]),
  metadata: z.record(z.string().trim().min(1).max(40), z.string().max(2000)).default({}),
  answer: z.boolean().default(false),
});
export type QueryTestInput = z.input<typeof queryTestSchema>;

/** The numbered passages the answer may cite as [n]. */
export function contextBlock(hits: SearchHit[]): string {
  return hits
    .map((h, i) => {
      const where = [h.documentTitle, h.page ? `page ${h.page}` : null, h.headingPath ?? null]
        .filter(Boolean)
        .join(", ");
      return `[${i + 1}] (${where})\n${h.text}`;
    })
    .join("\n\n");
}

async function answerWith(
  query: string,
  hits: SearchHit[],
): Promise<{ text: string; modelId: string } | { error: string }> {
  const modelId = await defaultModelId({ signal: AbortSignal.timeout(5000) }).catch(() => null);
  if (!modelId) return { error: "No default model to answer with: set one in Settings -> Providers." };
  const resolved = await resolveModel(modelId).catch((err: Error) => err);
  if (resolved instanceof Error) return { error: resolved.message };
  try {
    const out = await generateText({
      model: resolved.model,
      system:
        "Answer the question only from the numbered passages. Cite each statement with the passage number in square brackets, e.g. [1]. If the passages do not answer the question, say so plainly.",
      prompt: `Passages:\n\n${contextBlock(hits)}\n\nQuestion: ${query}`,
      maxOutputTokens: 600,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(120_000),
    });
    return { text: out.text.trim(), modelId: resolved.id };
  } catch (err) {
    return { error: explainProviderError(err, resolved.context).message };
  }
}

/**
 * The Query tester: the namespace's retrieval with per-retriever scores (logged as a "tester"
 * query, so documents show it under "queries that hit it"), optionally answered by the default
 * model from the hits with [n] citations.
 */
export async function runQueryTest(input: QueryTestInput, userId: string) {
  const p = queryTestSchema.parse(input);
  const ns = await getNamespace(p.namespace);
  const result = await search({
    namespace: ns,
    query: p.query,
    topK: p.topK,
    retriever: p.retriever,
    filters: {
      documentIds: p.documentIds.length ? p.documentIds : undefined,
      metadata: Object.keys(p.metadata).length ? p.metadata : undefined,
    },
    log: { origin: "tester", userId },
  });
  const answer = p.answer && result.hits.length > 0 ? await answerWith(p.query, result.hits) : null;
  return { ...result, answer };
}
