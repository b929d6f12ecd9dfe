import { describe, expect, it } from "vitest";
import { chunkBlocks, fullText } from "@/lib/knowledge/chunker";
import { markdownBlocks } from "@/server/extract/markdown";
import { tableBlocks } from "@/server/extract/table";
import { countTokens } from "@/lib/knowledge/tokens";
import type { Block } from "@/lib/knowledge/types";

const para = (n: number, word: string) => `${Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ")}.`;

describe("chunkBlocks", () => {
  it("keeps every chunk within the size and its offsets point at its text", () => {
    const text = [para(120, "alpha"), para(200, "beta"), para(90, "gamma")].join("\n\n");
    const blocks: Block[] = [{ text, kind: "prose", lineStart: 1 }];
    const chunks = chunkBlocks(blocks, { chunkSize: 100, chunkOverlap: 10 });
    const all = fullText(blocks);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(100);
      expect(all.slice(c.charStart, c.charEnd)).toBe(c.text);
    }
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
  });

  it("overlaps neighbouring windows of a split paragraph", () => {
    const text = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} is here.`).join(" ");
    const chunks = chunkBlocks([{ text, kind: "prose" }], { chunkSize: 60, chunkOverlap: 12 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.charStart).toBeLessThan(chunks[i - 1]!.charEnd);
  });

  it("records heading paths and line ranges of Markdown", () => {
    const md = [
      "# Guide",
      "",
      "Intro line.",
      "",
      "## Install",
      "",
      "Step one.",
      "Step two.",
      "",
      "## Use",
      "",
      "Run it.",
    ].join("\n");
    const { blocks } = markdownBlocks(md);
    const chunks = chunkBlocks(blocks, { chunkSize: 500, chunkOverlap: 50 });
    expect(chunks.map((c) => [c.headingPath, c.lineStart, c.lineEnd])).toEqual([
      ["Guide", 1, 3],
      ["Guide > Install", 5, 8],
      ["Guide > Use", 10, 12],
    ]);
  });

  it("splits code between top-level definitions and reports their lines", () => {
    const fn = (name: string) =>
      [
        `function ${name}() {`,
        ...Array.from({ length: 12 }, (_, i) => `  const v${i} = compute(${i}, "${name}");`),
        "}",
      ].join("\n");
    const code = [fn("first"), fn("second"), fn("third")].join("\n\n");
    const chunks = chunkBlocks([{ text: code, kind: "code", lineStart: 1 }], {
      chunkSize: countTokens(fn("first")) + 5,
      chunkOverlap: 0,
    });
    expect(chunks.map((c) => c.text.split("\n")[0])).toEqual([
      "function first() {",
      "function second() {",
      "function third() {",
    ]);
    expect(chunks.map((c) => [c.lineStart, c.lineEnd])).toEqual([
      [1, 14],
      [16, 29],
      [31, 44],
    ]);
  });

  it("packs table rows into chunks with row ranges and never mixes sheets", () => {
    const rows = (n: number) => [
      { n: 1, cells: ["Name", "Score"] },
      ...Array.from({ length: n }, (_, i) => ({ n: i + 2, cells: [`P${i}`, String(i)] })),
    ];
    const blocks = [...tableBlocks(rows(30), "One"), ...tableBlocks(rows(3), "Two")];
    const chunks = chunkBlocks(blocks, { chunkSize: 60, chunkOverlap: 0 });
    const one = chunks.filter((c) => c.headingPath === "One");
    expect(one[0]).toMatchObject({ rowStart: 2 });
    expect(one.at(-1)).toMatchObject({ rowEnd: 31 });
    for (let i = 1; i < one.length; i++) expect(one[i]!.rowStart).toBe(one[i - 1]!.rowEnd! + 1);
    expect(chunks.filter((c) => c.headingPath === "Two")).toEqual([
      expect.objectContaining({ rowStart: 2, rowEnd: 4 }),
    ]);
  });

  it("refuses an overlap as large as the chunk", () => {
    expect(() => chunkBlocks([], { chunkSize: 50, chunkOverlap: 50 })).toThrow(RangeError);
  });
});
