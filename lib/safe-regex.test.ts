import { describe, expect, it } from "vitest";
import { compileSafeRegex, safeRegexProblem } from "@/lib/safe-regex";

describe("safe regex", () => {
  it("matches like a regex, case-insensitively when asked", () => {
    expect(compileSafeRegex("\\bdone\\b", { ignoreCase: true }).test("We are DONE.")).toBe(true);
    expect(compileSafeRegex("^x{2,3}$").test("xxxx")).toBe(false);
  });

  it("runs a catastrophic pattern in linear time", () => {
    const started = performance.now();
    expect(compileSafeRegex("(a+)+c").test(`${"a".repeat(50_000)}!`)).toBe(false);
    // A backtracking engine needs ~2^n steps here (32 a's took 34 s); RE2 is linear.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses back-references and look-arounds with a sentence", () => {
    expect(safeRegexProblem("(a)\\1")).toMatch(/cannot be used: invalid escape sequence/);
    expect(safeRegexProblem("(?=a)b")).toMatch(/look-arounds and back-references are not supported/);
    expect(safeRegexProblem("[unclosed")).toMatch(/cannot be used/);
    expect(safeRegexProblem("ok|fine")).toBeNull();
    expect(() => compileSafeRegex("(?<=a)b")).toThrow(/cannot be used/);
  });
});
