import type { Block } from "@/lib/knowledge/types";

export interface TableRow {
  /** The row's number in its sheet or file (the header is usually row 1). */
  n: number;
  cells: string[];
}

/**
 * A table as one block per data row, each written as "Header: value | Header: value" so a chunk
 * of rows still says what its values mean. The first row is the header.
 */
export function tableBlocks(rows: TableRow[], sheet?: string): Block[] {
  if (rows.length === 0) return [];
  const header = rows[0]!.cells.map((h, i) => h.trim() || `Column ${i + 1}`);
  const blocks: Block[] = [];
  for (const row of rows.slice(1)) {
    const cells = row.cells
      .map((v, c) => (v.trim() ? `${header[c] ?? `Column ${c + 1}`}: ${v.trim()}` : ""))
      .filter(Boolean);
    if (cells.length === 0) continue;
    blocks.push({
      text: cells.join(" | "),
      kind: "table",
      rowStart: row.n,
      rowEnd: row.n,
      ...(sheet ? { headingPath: sheet } : {}),
    });
  }
  return blocks;
}
