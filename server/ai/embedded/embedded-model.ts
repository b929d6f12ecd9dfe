import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { completionPrompt } from "@/server/ai/embedded/prompt";
import { type CompletionOutcome, type CompletionRequest, runCompletion } from "@/server/ai/embedded/llama-runtime";

function usageOf(outcome: Pick<CompletionOutcome, "inputTokens" | "outputTokens">): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: outcome.inputTokens,
      noCache: outcome.inputTokens,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: outcome.outputTokens, text: outcome.outputTokens, reasoning: undefined },
  };
}

function finishOf(outcome: CompletionOutcome): LanguageModelV4FinishReason {
  return { unified: outcome.finish === "length" ? "length" : "stop", raw: outcome.finish };
}

/** A GGUF file in the models folder, run in this process by llama.cpp: no other program needed. */
export class EmbeddedLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "embedded";
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    private readonly file: string,
  ) {}

  private prepare(options: LanguageModelV4CallOptions): { request: CompletionRequest; warnings: SharedV4Warning[] } {
    const warnings: SharedV4Warning[] = [];
    if (options.tools?.length)
      warnings.push({
        type: "unsupported",
        feature: "tools",
        details: "The embedded provider runs plain completion models without tool calling.",
      });
    if (options.responseFormat?.type === "json") warnings.push({ type: "unsupported", feature: "responseFormat" });
    const prompt = completionPrompt(options.prompt);
    return {
      warnings,
      request: {
        prompt: prompt.text,
        stop: [...prompt.stop, ...(options.stopSequences ?? [])],
        maxTokens: options.maxOutputTokens,
        temperature: options.temperature,
        topP: options.topP,
        topK: options.topK,
        seed: options.seed,
        signal: options.abortSignal,
      },
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { request, warnings } = this.prepare(options);
    const outcome = await runCompletion(this.file, request);
    return {
      content: outcome.text ? [{ type: "text", text: outcome.text }] : [],
      finishReason: finishOf(outcome),
      usage: usageOf(outcome),
      request: { body: { prompt: request.prompt } },
      warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { request, warnings } = this.prepare(options);
    const { file, modelId } = this;
    // Cancelling the stream (the consumer went away) stops generation like the caller's signal does.
    const cancelled = new AbortController();
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, cancelled.signal]) : cancelled.signal;
    const textId = "text-0";
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings });
        controller.enqueue({ type: "response-metadata", modelId, timestamp: new Date() });
        let started = false;
        const push = (part: LanguageModelV4StreamPart) => {
          if (!cancelled.signal.aborted) controller.enqueue(part);
        };
        runCompletion(file, {
          ...request,
          signal,
          onText: (delta) => {
            if (!started) {
              started = true;
              push({ type: "text-start", id: textId });
            }
            push({ type: "text-delta", id: textId, delta });
          },
        }).then(
          (outcome) => {
            if (cancelled.signal.aborted) return;
            if (started) push({ type: "text-end", id: textId });
            push({ type: "finish", finishReason: finishOf(outcome), usage: usageOf(outcome) });
            controller.close();
          },
          (error: unknown) => {
            if (!cancelled.signal.aborted) controller.error(error);
          },
        );
      },
      cancel() {
        cancelled.abort();
      },
    });
    return { stream, request: { body: { prompt: request.prompt } } };
  }
}
