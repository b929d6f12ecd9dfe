import { describe, expect, it } from "vitest";
import { formatModelId, parseModelId } from "@/lib/ai/model-id";
import { ollamaCallOptions } from "@/lib/ai/ollama-options";
import { explainProviderError } from "@/lib/ai/provider-errors";

describe("model ids", () => {
  it.each([
    ["ollama:llama3.2", { provider: "ollama", model: "llama3.2" }],
    ["ollama:qwen3:0.6b", { provider: "ollama", model: "qwen3:0.6b" }],
    ["openrouter:openai/gpt-4o-mini", { provider: "openrouter", model: "openai/gpt-4o-mini" }],
    ["compat:lm:qwen2.5:7b", { provider: "compat", endpointId: "lm", model: "qwen2.5:7b" }],
    ["embedded:stories260K.gguf", { provider: "embedded", model: "stories260K.gguf" }],
  ])("%s", (id, ref) => {
    expect(parseModelId(id)).toEqual(ref);
    expect(formatModelId(parseModelId(id))).toBe(id);
  });

  it.each(["", "llama3.2", "gpt:x", "ollama:", "compat:lm", "compat::x", "ollama:a b"])(
    "refuses %j with an example",
    (id) => {
      expect(() => parseModelId(id)).toThrow(/is not a model id\. Use one like ollama:llama3\.2/);
    },
  );
});

describe("Ollama call options", () => {
  it("moves the call settings into options, explicit options win", () => {
    const out = ollamaCallOptions({
      prompt: [],
      maxOutputTokens: 9,
      temperature: 0,
      stopSequences: ["\n"],
      providerOptions: { ollama: { think: true, options: { temperature: 0.5 } } },
    });
    expect(out.maxOutputTokens).toBeUndefined();
    expect(out.temperature).toBeUndefined();
    expect(out.providerOptions).toEqual({
      ollama: { think: true, options: { num_predict: 9, temperature: 0.5, stop: ["\n"] } },
    });
    const plain = { prompt: [] };
    expect(ollamaCallOptions(plain)).toBe(plain);
  });
});

describe("provider errors", () => {
  const ctx = { label: "Ollama", model: "llama3.2", baseUrl: "http://127.0.0.1:11434" };
  it("unwraps retries and reads the provider's own sentence", () => {
    const apiError = {
      name: "AI_APICallError",
      message: "Bad Gateway",
      statusCode: 502,
      responseBody: '{"error":"upstream down"}',
    };
    const err = explainProviderError(
      { name: "AI_RetryError", message: "Failed after 3 attempts", lastError: apiError },
      ctx,
    );
    expect(err.failure).toBe("server-error");
    expect(err.message).toBe("Ollama failed with an error (502: upstream down). Retry, or check the provider.");
    expect(err.details).toMatchObject({ status: 502, retryable: true });
  });

  it("aborts and unknown failures", () => {
    expect(explainProviderError(new DOMException("x", "AbortError"), ctx).failure).toBe("aborted");
    const other = explainProviderError("boom", ctx);
    expect(other.message).toBe("Ollama failed: boom.");
    expect(other.code).toBe("PRECONDITION_FAILED");
  });
});
