import { describe, expect, it } from "vitest";
import { effectiveContextLength } from "@/server/chat/model-window";

describe("the window a call really gets", () => {
  it("is the smaller of the model's maximum and the window asked of the provider", () => {
    expect(effectiveContextLength(131_072, 8192)).toBe(8192);
    expect(effectiveContextLength(2048, 8192)).toBe(2048);
  });

  it("is whichever is known when only one is, and unknown when neither is", () => {
    expect(effectiveContextLength(null, 8192)).toBe(8192);
    expect(effectiveContextLength(40_960, undefined)).toBe(40_960);
    expect(effectiveContextLength(null, undefined)).toBeNull();
  });
});
