import { describe, expect, it } from "vitest";
import { fuzzyMatch, fuzzyRank } from "@/components/agents/fuzzy";

describe("fuzzy agent search", () => {
  it("matches characters in order, case-insensitive, with positions", () => {
    expect(fuzzyMatch("rsr", "Researcher")?.positions).toEqual([0, 2, 5]);
    expect(fuzzyMatch("RES", "researcher")?.positions).toEqual([0, 1, 2]);
    expect(fuzzyMatch("xyz", "Researcher")).toBeNull();
    expect(fuzzyMatch("rehcraeser", "Researcher")).toBeNull();
    expect(fuzzyMatch("", "anything")).toEqual({ score: 0, positions: [] });
  });

  it("ranks word starts and runs above scattered matches", () => {
    const a = fuzzyMatch("gen as", "General assistant")!.score;
    const b = fuzzyMatch("gen as", "Agent for gas and ends")!.score;
    expect(a).toBeGreaterThan(b);
    expect(
      fuzzyRank("code", [
        { text: "Coder", weight: 2 },
        { text: "Writes and runs code", weight: 1 },
      ]),
    ).toBeGreaterThan(
      fuzzyRank("code", [
        { text: "Executor", weight: 2 },
        { text: "Writes and runs code", weight: 1 },
      ])!,
    );
    expect(fuzzyRank("zzz", [{ text: "Coder", weight: 2 }])).toBeNull();
  });
});
