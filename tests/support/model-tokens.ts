import { type CompletionOutcome, runCompletion } from "@/server/ai/embedded/llama-runtime";

export const STORIES_260K = new URL("../../../shared/models/stories260K/stories260K.gguf", import.meta.url).pathname;

/** Text chunks from a real GGUF model as an async iterable, for the test servers' real-model mode. */
export function modelTokens(
  file: string,
  prompt: string,
  options: { maxTokens?: number; temperature?: number; signal?: AbortSignal },
): { tokens: AsyncIterable<string>; outcome: Promise<CompletionOutcome> } {
  const pending: string[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onText = (t: string) => {
    pending.push(t);
    notify();
  };
  const outcome = runCompletion(file, { prompt, ...options, onText });
  void outcome
    .finally(() => {
      done = true;
      notify();
    })
    .catch(() => undefined);
  const tokens = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (pending.length > 0) yield pending.shift()!;
        else if (done) return;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
  return { tokens, outcome };
}

/** The same input always gives the same small unit vector. */
export function fakeEmbedding(text: string, dimensions = 8): number[] {
  const v = Array.from({ length: dimensions }, (_, i) => {
    let h = 2166136261 ^ i;
    for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    return ((h >>> 0) % 2000) / 1000 - 1;
  });
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
