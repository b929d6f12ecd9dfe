import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCompletion } from "@/server/ai/embedded/llama-runtime";

const STORIES = path.resolve(__dirname, "../../../../shared/models/stories260K/stories260K.gguf");

describe("llama runtime on stories260K", () => {
  it("continues a story at temperature 0, streaming chunks", async () => {
    const chunks: string[] = [];
    const out = await runCompletion(STORIES, {
      prompt: "Once upon a time",
      maxTokens: 20,
      onText: (t) => chunks.push(t),
    });
    expect(out.text).toMatch(/^, there was a little girl named Lily/);
    expect(chunks.join("")).toBe(out.text);
    expect(out.outputTokens).toBe(20);
    expect(out.finish).toBe("length");
  });

  it("stops when the signal aborts and lets the next generation run", async () => {
    const controller = new AbortController();
    let chunks = 0;
    const stopped = runCompletion(STORIES, {
      prompt: "Once upon a time",
      signal: controller.signal,
      onText: () => {
        if (++chunks === 3) controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow();
    expect(chunks).toBeLessThan(10);
    const [a, b] = await Promise.all([
      runCompletion(STORIES, { prompt: "The cat", maxTokens: 5 }),
      runCompletion(STORIES, { prompt: "The dog", maxTokens: 5 }),
    ]);
    expect(a.outputTokens).toBe(5);
    expect(b.outputTokens).toBe(5);
  });
});
