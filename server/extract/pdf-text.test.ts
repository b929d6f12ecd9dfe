import { describe, expect, it } from "vitest";
import { extractPdfText } from "@/server/extract/pdf-text";
import { makePdf } from "@/tests/support/pdf-fixture";

describe("extractPdfText", () => {
  it("reads the text layer page by page", async () => {
    const pdf = makePdf(["Quarterly revenue grew (slightly).", "Second page text"]);
    const { pages, pageCount } = await extractPdfText(pdf);
    expect(pageCount).toBe(2);
    expect(pages).toEqual([
      { page: 1, text: "Quarterly revenue grew (slightly)." },
      { page: 2, text: "Second page text" },
    ]);
  });

  it("stops at maxPages and leaves the caller's buffer usable", async () => {
    const pdf = makePdf(["one", "two", "three"]);
    const { pages, pageCount } = await extractPdfText(pdf, { maxPages: 1 });
    expect(pageCount).toBe(3);
    expect(pages.map((p) => p.text)).toEqual(["one"]);
    expect(pdf.byteLength).toBeGreaterThan(0);
  });

  it("refuses a file that is not a PDF with a readable message", async () => {
    await expect(extractPdfText(new TextEncoder().encode("hello, not a pdf"))).rejects.toThrow(/not a readable PDF/);
  });

  it("refuses a truncated PDF", async () => {
    const pdf = makePdf(["cut short"]);
    await expect(extractPdfText(pdf.slice(0, 40))).rejects.toThrow(/PDF/);
  });
});
