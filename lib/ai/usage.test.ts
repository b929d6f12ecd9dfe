import { describe, expect, it } from "vitest";
import {
  CallTimer,
  contextShare,
  estimateTokens,
  formatCost,
  priceCost,
  reportedCost,
  tokensPerSecond,
  usageFrom,
} from "@/lib/ai/usage";

describe("token and cost accounting", () => {
  it("normalises the SDK usage; unknown counts stay null", () => {
    expect(usageFrom({ inputTokens: 10, outputTokens: 5, outputTokenDetails: { reasoningTokens: 2 } })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      reasoningTokens: 2,
      totalTokens: 15,
    });
    expect(usageFrom(undefined)).toEqual({
      inputTokens: null,
      outputTokens: null,
      reasoningTokens: null,
      totalTokens: null,
    });
    expect(usageFrom({ inputTokens: Number.NaN, outputTokens: 3 }).totalTokens).toBeNull();
  });

  it("prefers the cost the provider reported, else prices times tokens", () => {
    expect(reportedCost({ openrouter: { usage: { cost: 0.002 } } })).toBe(0.002);
    expect(reportedCost({ ollama: {} })).toBeNull();
    expect(
      priceCost(usageFrom({ inputTokens: 1000, outputTokens: 500 }), { prompt: 0.00000015, completion: 0.0000006 }),
    ).toBeCloseTo(0.00045, 10);
    expect(priceCost(usageFrom({ inputTokens: 1000 }), { prompt: 1, completion: 1 })).toBeNull();
    expect(priceCost(usageFrom({ inputTokens: 1, outputTokens: 1 }), null)).toBeNull();
  });

  it("times a call: time to first token, duration, tokens per second from the first token", () => {
    let now = 1000;
    const timer = new CallTimer(() => now);
    now = 1250;
    timer.firstToken();
    now = 1300;
    timer.firstToken();
    now = 2250;
    const metrics = timer.finish({
      usage: { inputTokens: 7, outputTokens: 100 },
      prices: { prompt: 0.001, completion: 0.002 },
    });
    expect(metrics).toMatchObject({
      ttftMs: 250,
      durationMs: 1250,
      tokensPerSecond: 100,
      inputTokens: 7,
      outputTokens: 100,
    });
    expect(metrics.costUsd).toBeCloseTo(0.207, 10);
    expect(tokensPerSecond(10, null, 5)).toBeNull();
    expect(tokensPerSecond(10, 5, 5)).toBeNull();
  });

  it("formats cost and the context meter share", () => {
    expect(formatCost(null)).toBe("");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.00001)).toBe("< $0.0001");
    expect(formatCost(0.0012)).toBe("$0.0012");
    expect(formatCost(1.5)).toBe("$1.50");
    expect(contextShare(512, 2048)).toBe(0.25);
    expect(contextShare(5000, 2048)).toBe(1);
    expect(contextShare(10, null)).toBeNull();
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("hello world!")).toBe(3);
  });
});
