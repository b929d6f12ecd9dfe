import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { htmlBodyToExtracted } from "@/server/extract/html";
import { tableBlocks } from "@/server/extract/table";
import type { Block, Extracted } from "@/lib/knowledge/types";

/** DOCX through mammoth's HTML (headings, lists and tables survive), then the HTML walk. */
export async function extractDocx(data: Uint8Array, fallbackTitle: string): Promise<Extracted> {
  const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(data) });
  return htmlBodyToExtracted(value, fallbackTitle);
}

/** Every worksheet as rows under the sheet's name; row numbers are the sheet's own. */
export async function extractXlsx(data: Uint8Array, fallbackTitle: string): Promise<Extracted> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  const blocks: Block[] = [];
  const sheets: string[] = [];
  workbook.eachSheet((sheet) => {
    sheets.push(sheet.name);
    const rows: { n: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? "");
      rows.push({ n, cells });
    });
    blocks.push(...tableBlocks(rows, sheet.name));
  });
  return { title: fallbackTitle, blocks, metadata: { sheets: sheets.join(", ") } };
}
