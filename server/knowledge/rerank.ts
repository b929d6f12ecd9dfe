import "server-only";
import { generateText, type LanguageModel } from "ai";

export interface RerankPassage {
  text: string;
  title: string;
}

const PASSAGE_CHARS = 600;

/**
 * The prompt of a listwise rerank: every candidate numbered, the model answers with the numbers
 * in order of relevance. Passages are cut so that 30 of them fit a small model's context.
 */
export function rerankPrompt(query: string, passages: RerankPassage[]): string {
  const list = passages
    .map(
      (p, i) =>
        `[${i + 1}] ${p.title}\n${p.text.length > PASSAGE_CHARS ? `${p.text.slice(0, PASSAGE_CHARS)}…` : p.text}`,
    )
    .join("\n\n");
  return `Question: ${query}\n\nPassages:\n\n${list}\n\nRank the passages by how well they help answer the question, most useful first. Answer only with the passage numbers separated by commas, e.g. 3, 1, 2.`;
}

/**
 * The model's ranking as 0-based indexes: numbers it named (in its order, each once, only
 * existing ones), then the passages it left out in their retrieval order, so nothing is lost
 * when a small model answers with a partial or chatty list.
 */
export function parseRanking(answer: string, count: number): number[] {
  const seen = new Set<number>();
  for (const match of answer.matchAll(/\d+/g)) {
    const n = Number(match[0]);
    if (n >= 1 && n <= count) seen.add(n - 1);
  }
  for (let i = 0; i < count; i++) seen.add(i);
  return [...seen];
}

/**
 * Listwise reranking by the chat model: one call that orders the candidates. Returns the
 * candidates' indexes, best first. A failed call is the caller's to handle.
 */
export async function rerankPassages(input: {
  model: LanguageModel;
  query: string;
  passages: RerankPassage[];
  signal?: AbortSignal;
}): Promise<number[]> {
  if (input.passages.length < 2) return input.passages.map((_, i) => i);
  const { text } = await generateText({
    model: input.model,
    system: "You rank search results. You answer only with passage numbers.",
    prompt: rerankPrompt(input.query, input.passages),
    abortSignal: input.signal,
    maxRetries: 0,
    temperature: 0,
  });
  return parseRanking(text, input.passages.length);
}
