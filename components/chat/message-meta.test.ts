import { describe, expect, it } from "vitest";
import { messageFigures } from "@/components/chat/message-meta";
import type { ChatMessageMetadata } from "@/server/chat/messages";

const base: ChatMessageMetadata = {
  status: "done",
  model: "ollama:llama3.2",
  parentId: null,
  inputTokens: null,
  outputTokens: null,
  latencyMs: null,
  costUsd: null,
  error: null,
  createdAt: "2026-12-04T00:00:00.000Z",
};

describe("messageFigures", () => {
  it("reported usage, first token and cost", () => {
    expect(
      messageFigures({ ...base, inputTokens: 12, outputTokens: 40, latencyMs: 180.4, costUsd: 0.0012 }, "ignored"),
    ).toBe("12 in / 40 out tokens · first token 180 ms · $0.0012");
  });

  it("a stopped answer without reported usage gets an estimate from its text, marked ~", () => {
    expect(messageFigures({ ...base, status: "stopped", latencyMs: 513 }, "x".repeat(400))).toBe(
      "~100 out tokens · first token 513 ms",
    );
  });

  it("no estimate for a finished answer without usage, nor for a stopped one with no text", () => {
    expect(messageFigures({ ...base, latencyMs: 90 }, "some text")).toBe("first token 90 ms");
    expect(messageFigures({ ...base, status: "stopped" }, "")).toBe("");
  });
});
