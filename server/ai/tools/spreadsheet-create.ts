import ExcelJS from "exceljs";
import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { writeWorkspaceFile } from "@/server/ai/tools/workspace-path";

const cell = z.union([z.string().max(32_767), z.number(), z.boolean(), z.null()]);

export const spreadsheetCreate = defineTool({
  name: "spreadsheet_create",
  description:
    "Create an Excel workbook (.xlsx) in the workspace from rows of values, one or more sheets. Returns its path.",
  inputSchema: z.strictObject({
    path: z
      .string()
      .min(1)
      .max(1000)
      .regex(/\.xlsx$/i, "The path must end in .xlsx.")
      .describe("Where to save it, relative to the workspace, e.g. reports/sales.xlsx."),
    sheets: z
      .array(
        z.strictObject({
          name: z
            .string()
            .trim()
            .min(1)
            .max(31)
            .regex(/^[^\\/?*[\]:]+$/, "Sheet names cannot contain \\ / ? * [ ] :"),
          columns: z.array(z.string().max(200)).max(200).optional().describe("Header row."),
          rows: z.array(z.array(cell).max(200)).max(10_000),
        }),
      )
      .min(1)
      .max(20),
  }),
  risk: "writes_files",
  needsApproval: false,
  async execute(input, ctx) {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = "Local Agent Platform";
    for (const sheet of input.sheets) {
      const ws = workbook.addWorksheet(sheet.name);
      if (sheet.columns) {
        ws.addRow(sheet.columns).font = { bold: true };
        ws.views = [{ state: "frozen", ySplit: 1 }];
      }
      // Strings stay string cells (exceljs makes formulas only from { formula } objects), so a
      // model's "=HYPERLINK(...)" is stored as text, never evaluated.
      for (const row of sheet.rows) ws.addRow(row);
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await writeWorkspaceFile(ctx.workspaceDir, input.path, buffer);
    return {
      path: input.path,
      bytes: buffer.length,
      sheets: input.sheets.map((s) => ({ name: s.name, rows: s.rows.length })),
    };
  },
});
