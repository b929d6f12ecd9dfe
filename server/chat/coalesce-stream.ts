import type { LanguageModelV4Middleware, LanguageModelV4StreamPart } from "@ai-sdk/provider";

type Part = LanguageModelV4StreamPart;
type Delta = Extract<Part, { type: "text-delta" | "reasoning-delta" }>;

/** At most one merged delta per this many ms: under a frame, so nothing on screen waits for it. */
export const COALESCE_INTERVAL_MS = 10;

function isDelta(part: Part): part is Delta {
  return (part.type === "text-delta" || part.type === "reasoning-delta") && part.providerMetadata === undefined;
}

/**
 * Merges the text (and reasoning) deltas a model streams into at most one per `intervalMs`.
 * Every part after the model costs CPU per chunk (AI SDK stream stages, UI message stream, SSE
 * encoding, one socket write): 2,000 one-token chunks a second kept a core busy. The first delta
 * goes out at once (time to first token is unchanged), later ones wait at most `intervalMs`;
 * any other part flushes the held text first, so the order of everything is kept.
 */
export function coalesceDeltas(intervalMs = COALESCE_INTERVAL_MS): TransformStream<Part, Part> {
  let held: Delta | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = Number.NEGATIVE_INFINITY;
  let output!: TransformStreamDefaultController<Part>;

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!held) return;
    const part = held;
    held = null;
    lastSent = performance.now();
    try {
      output.enqueue(part);
    } catch {
      // The reader went away meanwhile (Stop, a closed tab): the held text has nowhere to go.
    }
  };

  return new TransformStream<Part, Part>({
    start(controller) {
      output = controller;
    },
    transform(part) {
      if (!isDelta(part)) {
        send();
        output.enqueue(part);
        return;
      }
      if (held && held.type === part.type && held.id === part.id) held.delta += part.delta;
      else {
        send();
        held = { ...part };
      }
      const wait = lastSent + intervalMs - performance.now();
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    },
    flush() {
      send();
    },
  });
}

/** The same as a model middleware: applied to the provider's stream, before any AI SDK stage. */
export const coalesceMiddleware: LanguageModelV4Middleware = {
  specificationVersion: "v4",
  wrapStream: async ({ doStream }) => {
    const result = await doStream();
    return { ...result, stream: result.stream.pipeThrough(coalesceDeltas()) };
  },
};
