import { describe, expect, it } from "vitest";
import { markdownPreview } from "@/lib/markdown-preview";

describe("markdownPreview", () => {
  it("keeps the words and drops emphasis, headings, inline code and link targets", () => {
    expect(
      markdownPreview(
        "# Plan\nHere is a **comparison** of _two_ options, see [the docs](https://x.test/a) and `pick()`.",
      ),
    ).toBe("Plan Here is a comparison of two options, see the docs and pick().");
  });

  it("turns a table into one line of cells and drops the delimiter row", () => {
    expect(markdownPreview("| Option | Cost |\n|---|:---:|\n| Local | free |")).toBe("Option · Cost · Local · free");
  });

  it("drops fences and list markers but keeps code and item text", () => {
    expect(markdownPreview("1. First\n- second\n```ts\nconst a = 1;\n```")).toBe("First second const a = 1;");
  });

  it("keeps math content and lone symbols that are not emphasis", () => {
    expect(markdownPreview("Cost is $E[C] = 2 * 3$ and a_b stays")).toBe("Cost is E[C] = 2 * 3 and a_b stays");
  });

  it("is empty for an empty message", () => {
    expect(markdownPreview("  \n ")).toBe("");
  });
});
