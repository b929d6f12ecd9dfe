import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentCreate } from "@/server/ai/tools/document-create";
import { spreadsheetCreate } from "@/server/ai/tools/spreadsheet-create";
import type { ToolContext } from "@/lib/tools/types";
import { ensureWorkspace } from "@/server/ai/tools/workspace-path";

let base: string;
let ctx: ToolContext;

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "office-tool-"));
  ctx = {
    userId: "u",
    signal: new AbortController().signal,
    workspaceDir: await ensureWorkspace(path.join(base, "ws")),
    limits: { timeoutMs: 5000, maxOutputBytes: 65536, allowedHosts: [], searchUrl: "http://127.0.0.1:9/" },
  };
});
afterAll(() => fs.rm(base, { recursive: true, force: true }));

describe("spreadsheet_create", () => {
  it("writes an .xlsx that reads back with its header, values and formulas kept as text", async () => {
    const input = spreadsheetCreate.inputSchema.parse({
      path: "reports/q1.xlsx",
      sheets: [
        {
          name: "Sales",
          columns: ["Region", "Total", "Note"],
          rows: [
            ["North", 120.5, '=HYPERLINK("http://evil")'],
            ["South", -3, null],
          ],
        },
      ],
    });
    expect(await spreadsheetCreate.execute(input, ctx)).toMatchObject({
      path: "reports/q1.xlsx",
      sheets: [{ name: "Sales", rows: 2 }],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(ctx.workspaceDir, "reports/q1.xlsx"));
    const ws = wb.getWorksheet("Sales")!;
    expect(ws.getRow(1).values).toEqual([undefined, "Region", "Total", "Note"]);
    expect(ws.getCell("B2").value).toBe(120.5);
    expect(ws.getCell("C2").type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell("B3").value).toBe(-3);
  });

  it("refuses hostile input: traversal, wrong extension, bad sheet names, oversize", async () => {
    await expect(
      spreadsheetCreate.execute(
        spreadsheetCreate.inputSchema.parse({ path: "../x.xlsx", sheets: [{ name: "A", rows: [] }] }),
        ctx,
      ),
    ).rejects.toThrow(/outside the workspace/);
    expect(spreadsheetCreate.inputSchema.safeParse({ path: "x.exe", sheets: [{ name: "A", rows: [] }] }).success).toBe(
      false,
    );
    expect(
      spreadsheetCreate.inputSchema.safeParse({ path: "x.xlsx", sheets: [{ name: "a/b", rows: [] }] }).success,
    ).toBe(false);
    expect(
      spreadsheetCreate.inputSchema.safeParse({
        path: "x.xlsx",
        sheets: [{ name: "A", rows: Array(10_001).fill([1]) }],
      }).success,
    ).toBe(false);
  });
});

describe("document_create", () => {
  it("writes a .docx (a zip with the Word body) from Markdown-style text", async () => {
    const input = documentCreate.inputSchema.parse({
      path: "docs/memo.docx",
      title: "Memo",
      content: "# Intro\nSome **bold** text.\n\n- one\n- two",
    });
    expect(await documentCreate.execute(input, ctx)).toMatchObject({ path: "docs/memo.docx", paragraphs: 5 });
    const bytes = await fs.readFile(path.join(ctx.workspaceDir, "docs/memo.docx"));
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    expect(bytes.includes(Buffer.from("word/document.xml"))).toBe(true);
  });

  it("refuses traversal and a symlink planted at the target", async () => {
    await expect(documentCreate.execute({ path: "../../evil.docx", content: "x" }, ctx)).rejects.toThrow(
      /outside the workspace/,
    );
    await fs.writeFile(path.join(base, "victim.docx"), "original");
    await fs.symlink(path.join(base, "victim.docx"), path.join(ctx.workspaceDir, "link.docx"));
    await expect(documentCreate.execute({ path: "link.docx", content: "x" }, ctx)).rejects.toThrow(
      /outside the workspace/,
    );
    expect(await fs.readFile(path.join(base, "victim.docx"), "utf8")).toBe("original");
  });
});
