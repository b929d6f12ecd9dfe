const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/**
 * An approximate token count (words and punctuation marks), close to what BPE tokenizers give for
 * English prose and cheap enough for ingestion at thousands of chunks per second. No tokenizer of
 * a particular model is used because the namespace's embedder may change.
 */
export function countTokens(text: string): number {
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text)) n++;
  return n;
}
