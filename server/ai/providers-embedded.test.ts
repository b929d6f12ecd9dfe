import { generateText, streamText } from "ai";
import { beforeAll, describe, expect, it } from "vitest";
import { completionPrompt } from "@/server/ai/embedded/prompt";
import { addGgufFromPath, listGgufFiles } from "@/server/ai/embedded/models-folder";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import { STORIES_260K } from "@/tests/support/model-tokens";
import { collect } from "@/tests/support/stream-collect";

const config: ProviderConfig = {
  ollamaUrl: "http://127.0.0.1:9",
  openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null },
  endpoints: [],
  defaultModel: "",
};

beforeAll(async () => {
  await addGgufFromPath(STORIES_260K);
});

describe("embedded provider: stories260K through node-llama-cpp as an AI SDK model", () => {
  it("the models folder lists the added file and refuses a second copy and non-GGUF files", async () => {
    expect((await listGgufFiles()).map((f) => f.file)).toEqual(["stories260K.gguf"]);
    await expect(addGgufFromPath(STORIES_260K)).rejects.toThrow(/already in the models folder/);
    await expect(addGgufFromPath(__filename)).rejects.toThrow(/\.gguf file name/);
  });

  it("streams real text with a finish reason and usage", async () => {
    const { model } = await resolveModel("embedded:stories260K.gguf", config);
    const out = await collect(
      streamText({ model, prompt: "Once upon a time", temperature: 0, maxOutputTokens: 30, onError: () => undefined })
        .fullStream,
    );
    expect(out.errors).toEqual([]);
    expect(out.text).toMatch(/^, there was a little girl named Lily/);
    expect(out.deltas.length).toBeGreaterThan(5);
    expect(out.finishReason).toBe("length");
    expect(out.usage!.outputTokens).toBe(30);
    expect(out.usage!.inputTokens).toBeGreaterThan(0);
  });

  it("a lone user message is continued as is; a conversation becomes a labelled transcript", () => {
    expect(completionPrompt([{ role: "user", content: [{ type: "text", text: "Once upon a time" }] }])).toEqual({
      text: "Once upon a time",
      stop: [],
    });
    expect(
      completionPrompt([
        { role: "system", content: "You tell stories." },
        { role: "user", content: [{ type: "text", text: "Tell me about a cat." }] },
        { role: "assistant", content: [{ type: "text", text: "The cat was big." }] },
        { role: "user", content: [{ type: "text", text: "And then?" }] },
      ]).text,
    ).toBe(
      "System: You tell stories.\n\nUser: Tell me about a cat.\n\nAssistant: The cat was big.\n\nUser: And then?\n\nAssistant:",
    );
  });

  it("generateText works on a conversation", async () => {
    const { model } = await resolveModel("embedded:stories260K.gguf", config);
    const result = await generateText({
      model,
      system: "You tell stories.",
      messages: [
        { role: "user", content: "Tell me about a cat." },
        { role: "assistant", content: "The cat was big." },
        { role: "user", content: "And then?" },
      ],
      maxOutputTokens: 10,
    });
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.text).not.toMatch(/\nUser:/);
  });

  it("the abort signal stops generation at once", async () => {
    const { model } = await resolveModel("embedded:stories260K.gguf", config);
    const controller = new AbortController();
    const out = await collect(
      streamText({
        model,
        prompt: "Once upon a time",
        maxOutputTokens: 200,
        abortSignal: controller.signal,
        onError: () => undefined,
      }).fullStream,
      (_t, n) => {
        if (n === 3) controller.abort();
      },
    );
    expect(out.aborted).toBe(true);
    expect(out.deltas.length).toBeLessThan(10);
    const next = await generateText({ model, prompt: "The dog", maxOutputTokens: 5 });
    expect(next.usage.outputTokens).toBe(5);
  });

  it("a missing file is named", async () => {
    await expect(resolveModel("embedded:nothing.gguf", config)).rejects.toThrow(
      /The embedded model file "nothing.gguf"/,
    );
    expect(explainProviderError(new Error("x"), { label: "Embedded model" }).message).toBe("Embedded model failed: x.");
  });
});
