/** Anything that turns text into vectors. Documents and queries may need different prefixes (nomic, e5). */
export interface Embedder {
  readonly provider: string;
  readonly model: string;
  readonly batchSize: number;
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

/** "provider:model", how an embedder is named to people and in evaluation history. */
export function embedderName(e: { provider: string; model: string }): string {
  return `${e.provider}:${e.model}`;
}

/** Unit length, so cosine distance and dot product agree whatever the model returns. */
export function normalise(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

/** Query/document prefixes some embedding models were trained with. */
export function prefixesFor(model: string): { query: string; document: string } {
  const m = model.toLowerCase();
  if (m.includes("nomic-embed")) return { query: "search_query: ", document: "search_document: " };
  if (/(^|[/:-])e5([-.]|$)|multilingual-e5/.test(m)) return { query: "query: ", document: "passage: " };
  if (m.includes("mxbai-embed"))
    return { query: "Represent this sentence for searching relevant passages: ", document: "" };
  return { query: "", document: "" };
}
