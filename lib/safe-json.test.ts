import { describe, expect, it } from "vitest";
import { parseJsonSafely } from "@/lib/safe-json";

describe("parseJsonSafely", () => {
  it("parses ordinary JSON, including text that mentions the forbidden words as values", () => {
    expect(parseJsonSafely('{"type":"text-delta","delta":"the __proto__ and constructor of a class"}')).toEqual({
      type: "text-delta",
      delta: "the __proto__ and constructor of a class",
    });
    expect(parseJsonSafely('{"input":{"constructor":"Widget"}}')).toEqual({ input: { constructor: "Widget" } });
    expect(parseJsonSafely("[1,2]")).toEqual([1, 2]);
    expect(parseJsonSafely("null")).toBeNull();
  });

  it("refuses a __proto__ key at any depth, spelled out or escaped", () => {
    expect(() => parseJsonSafely('{"__proto__":{"admin":true}}')).toThrow(/__proto__/);
    expect(() => parseJsonSafely('{"a":[{"b":{"__proto__":{}}}]}')).toThrow(/__proto__/);
    expect(() => parseJsonSafely('{"\\u005f\\u005fproto\\u005f\\u005f":{"admin":true}}')).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("refuses constructor.prototype", () => {
    expect(() => parseJsonSafely('{"input":{"constructor":{"prototype":{"admin":true}}}}')).toThrow(
      /constructor\.prototype/,
    );
  });

  it("throws a SyntaxError for text that is not JSON", () => {
    expect(() => parseJsonSafely('{"type":')).toThrow(SyntaxError);
  });
});
