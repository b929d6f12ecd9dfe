import type { Llama, LlamaContext, LlamaModel, Token } from "node-llama-cpp";

/**
 * One llama.cpp runtime per process, each GGUF file loaded once and kept. A context holds one
 * sequence, so generations on the same model take turns; more threads than cores makes a busy
 * 2-core machine far slower, hence threads: 1.
 */
interface LoadedGguf {
  model: LlamaModel;
  context: LlamaContext;
  turn: Promise<void>;
}

/** The context window an embedded model gets at most, whatever it was trained with. */
export const EMBEDDED_MAX_CONTEXT = 4096;

let runtime: Promise<Llama> | null = null;
const loaded = new Map<string, Promise<LoadedGguf>>();

function llama(): Promise<Llama> {
  runtime ??= import("node-llama-cpp").then(({ getLlama, LlamaLogLevel }) =>
    getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error }),
  );
  return runtime;
}

async function load(file: string): Promise<LoadedGguf> {
  const model = await (await llama()).loadModel({ modelPath: file });
  const contextSize = Math.min(model.trainContextSize, EMBEDDED_MAX_CONTEXT);
  const context = await model.createContext({ contextSize, threads: 1, sequences: 1 });
  return { model, context, turn: Promise.resolve() };
}

export function loadGguf(file: string): Promise<LoadedGguf> {
  let entry = loaded.get(file);
  if (!entry) {
    entry = load(file);
    loaded.set(file, entry);
    entry.catch(() => loaded.delete(file));
  }
  return entry;
}

export function isGgufLoaded(file: string): boolean {
  return loaded.has(file);
}

export interface CompletionRequest {
  prompt: string;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stop?: string[];
  signal?: AbortSignal;
  onText?: (text: string) => void;
}

export interface CompletionOutcome {
  text: string;
  inputTokens: number;
  outputTokens: number;
  finish: "stop" | "length" | "abort";
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The generation was stopped.", "AbortError");
}

/** Waits for the model's previous generation to finish; the returned function lets the next one in. */
async function takeTurn(entry: LoadedGguf, signal?: AbortSignal): Promise<() => void> {
  const previous = entry.turn;
  let release!: () => void;
  entry.turn = new Promise<void>((resolve) => (release = resolve));
  await previous;
  if (signal?.aborted) {
    release();
    throw abortError(signal);
  }
  return release;
}

/** The prompt's last tokens when it is longer than the context leaves room for. */
function fitPrompt(
  tokens: Token[],
  contextSize: number,
  maxTokens: number | undefined,
): { tokens: Token[]; room: number } {
  const reserve = Math.max(1, Math.min(maxTokens ?? Math.floor(contextSize / 2), contextSize - 1));
  const kept = tokens.length > contextSize - reserve ? tokens.slice(tokens.length - (contextSize - reserve)) : tokens;
  return { tokens: kept, room: contextSize - kept.length };
}

export async function runCompletion(file: string, request: CompletionRequest): Promise<CompletionOutcome> {
  const entry = await loadGguf(file);
  const release = await takeTurn(entry, request.signal);
  const { LlamaCompletion } = await import("node-llama-cpp");
  const sequence = entry.context.getSequence();
  const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: true });
  try {
    const promptTokens = entry.model.tokenize(request.prompt, false);
    const { tokens, room } = fitPrompt(promptTokens, entry.context.contextSize, request.maxTokens);
    let outputTokens = 0;
    const maxTokens = Math.min(request.maxTokens ?? room, room);
    const result = await completion.generateCompletionWithMeta(tokens, {
      maxTokens,
      temperature: request.temperature ?? 0,
      topP: request.topP,
      topK: request.topK,
      seed: request.seed,
      customStopTriggers: request.stop?.filter((s) => s.length > 0),
      signal: request.signal,
      stopOnAbortSignal: true,
      onToken: (t) => (outputTokens += t.length),
      onTextChunk: request.onText,
    });
    const reason = result.metadata.stopReason;
    if (reason === "abort" && request.signal) throw abortError(request.signal);
    return {
      text: result.response,
      inputTokens: tokens.length,
      outputTokens,
      finish: reason === "maxTokens" ? "length" : "stop",
    };
  } finally {
    completion.dispose({ disposeSequence: true });
    release();
  }
}
