import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { chunkBlocks, fullText } from "@/lib/knowledge/chunker";
import { detectFormat, extractDocument } from "@/server/extract";
import { parseCsv } from "@/server/extract/csv";
import { makePdf } from "@/tests/support/pdf-fixture";

const FIXTURES = path.resolve(__dirname, "../../tests/support/fixtures/rag");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const enc = (s: string) => new TextEncoder().encode(s);

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the extraction to fail");
}

describe("extractDocument", () => {
  it("reads PDF pages with their page numbers", async () => {
    const out = await extractDocument(makePdf(["Quarterly revenue grew.", "Costs fell in March."]), "report.pdf");
    expect(out.blocks.map((b) => [b.page, b.text.trim()])).toEqual([
      [1, "Quarterly revenue grew."],
      [2, "Costs fell in March."],
    ]);
    const chunks = chunkBlocks(out.blocks, { chunkSize: 500, chunkOverlap: 50 });
    expect(chunks.map((c) => c.page)).toEqual([1, 2]);
  });

  it("reads DOCX headings as the heading path", async () => {
    const out = await extractDocument(fixture("policy.docx"), "policy.docx");
    expect(out.title).toBe("Travel Policy");
    const expenses = out.blocks.find((b) => b.text.includes("Meal receipts"));
    expect(expenses?.headingPath).toBe("Travel Policy > Expenses");
  });

  it("reads XLSX rows with their sheet and row numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Budget");
    sheet.addRow(["Item", "Cost"]);
    sheet.addRow(["Laptop", 1400]);
    sheet.addRow([]);
    sheet.addRow(["Monitor", 300]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    const out = await extractDocument(data, "budget.xlsx");
    expect(out.blocks.map((b) => [b.headingPath, b.rowStart, b.text])).toEqual([
      ["Budget", 2, "Item: Laptop | Cost: 1400"],
      ["Budget", 4, "Item: Monitor | Cost: 300"],
    ]);
    const [chunk] = chunkBlocks(out.blocks, { chunkSize: 500, chunkOverlap: 50 });
    expect([chunk?.rowStart, chunk?.rowEnd]).toEqual([2, 4]);
  });

  it("reads CSV with quoted fields and another delimiter", () => {
    expect(parseCsv('a;b\n"x;1";"say ""hi"""\r\n2;3\n')).toEqual([
      ["a", "b"],
      ["x;1", 'say "hi"'],
      ["2", "3"],
    ]);
  });

  it("keeps an HTML page's main content and drops navigation and footer", async () => {
    const out = await extractDocument(fixture("page.html"), "page.html");
    const text = fullText(out.blocks);
    expect(out.title).toBe("Backup guide");
    expect(text).toContain("copy the snapshot file");
    expect(text).not.toContain("Pricing navigation link");
    expect(text).not.toContain("Copyright footer");
    expect(out.blocks.find((b) => b.text.includes("copy the snapshot"))?.headingPath).toMatch(/Restoring a snapshot$/);
  });

  it("reads an e-mail's headers, body and attachment text", async () => {
    const out = await extractDocument(fixture("invoice.eml"), "invoice.eml");
    expect(out.title).toBe("Invoice 4711 for the server rack");
    expect(out.metadata.messageId).toBe("<invoice-4711@example.com>");
    expect(out.blocks[0]?.text).toContain('Dana Smith" <dana@example.com>');
    expect(out.blocks.find((b) => b.headingPath === "Body")?.text).toContain("Payment is due within 14 days");
    const row = out.blocks.find((b) => b.text.includes("Rack cabinet"));
    expect(row).toMatchObject({ headingPath: "Attachment: items.csv", rowStart: 2 });
  });

  it("reads Markdown, text and code with line numbers", async () => {
    const md = await extractDocument(enc("# A\n\nintro\n\n## B\n\n```\n# not a heading\n```\n"), "x.md");
    expect(md.blocks.map((b) => [b.headingPath, b.lineStart])).toEqual([
      ["A", 1],
      ["A > B", 5],
    ]);
    const code = await extractDocument(enc("def f():\n    return 1\n"), "f.py");
    expect(code.blocks[0]).toMatchObject({ kind: "code", lineStart: 1 });
    expect(code.metadata.language).toBe("python");
    expect(detectFormat("notes.TXT")).toBe("text");
  });

  it("fails corrupt, unsupported, binary and empty files with a clear message", async () => {
    expect((await failure(extractDocument(fixture("corrupt.docx"), "corrupt.docx"))).message).toMatch(
      /DOCX file could not be read/,
    );
    expect((await failure(extractDocument(enc("%PDF-1.4 garbage"), "broken.pdf"))).code).toBe("BAD_REQUEST");
    expect((await failure(extractDocument(enc("x"), "photo.png"))).message).toMatch(/\.png are not supported/);
    expect((await failure(extractDocument(new Uint8Array(200), "blob.txt"))).message).toMatch(/binary/);
    expect((await failure(extractDocument(enc("   \n"), "empty.md"))).message).toMatch(/no text/);
    expect((await failure(extractDocument(makePdf([""]), "scan.pdf"))).message).toMatch(/no text layer/);
  });
});
