import { describe, expect, it } from "vitest";
import { splitMarkdownBlocks } from "@/components/chat/markdown-blocks";

describe("splitMarkdownBlocks", () => {
  it("splits paragraphs, headings and tables at blank lines", () => {
    expect(
      splitMarkdownBlocks("# Title\n\nFirst para\nstill first.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLast"),
    ).toEqual(["# Title", "First para\nstill first.", "| a | b |\n|---|---|\n| 1 | 2 |", "Last"]);
  });

  it("keeps code fences and $$ math whole, blank lines inside included", () => {
    const code = "```ts\nconst a = 1;\n\nconst b = 2;\n```";
    const math = "$$\na^2\n\n+ b^2\n$$";
    expect(splitMarkdownBlocks(`Intro\n\n${code}\n\n${math}\n\nEnd`)).toEqual(["Intro", code, math, "End"]);
    // An unclosed fence (still streaming) holds everything after it.
    expect(splitMarkdownBlocks("Intro\n\n```py\nx = 1\n\ny = 2")).toEqual(["Intro", "```py\nx = 1\n\ny = 2"]);
    // A longer closing fence counts; a shorter one or another character does not.
    expect(splitMarkdownBlocks("````\n```\n\nstill code\n````\n\nafter")).toEqual([
      "````\n```\n\nstill code\n````",
      "after",
    ]);
  });

  it("keeps lists and indented continuations in one block", () => {
    const list = "1. one\n\n2. two\n\n   more about two\n\n- nested";
    expect(splitMarkdownBlocks(`Steps:\n\n${list}\n\nDone.`)).toEqual(["Steps:", list, "Done."]);
  });

  it("does not split text with reference definitions, and loses no text", () => {
    const refs = "See [the docs][d].\n\nMore.\n\n[d]: https://example.com";
    expect(splitMarkdownBlocks(refs)).toEqual([refs]);
    const sample = "A\n\n\n\nB\n\n```\nc\n```\n\n> quote\n\nD";
    expect(splitMarkdownBlocks(sample).join("\n\n").replace(/\n+/g, "\n")).toBe(sample.replace(/\n+/g, "\n"));
    expect(splitMarkdownBlocks("")).toEqual([]);
  });
});
