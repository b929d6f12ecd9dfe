import type { Block, Extracted } from "@/lib/knowledge/types";

/** Plain text: one block from line 1; the chunker splits it at paragraphs. */
export function extractText(source: string, title: string): Extracted {
  const text = source.replace(/\r\n?/g, "\n");
  const blocks: Block[] = text.trim() ? [{ text, kind: "prose", lineStart: 1 }] : [];
  return { title, blocks, metadata: {} };
}

/** Source code: one block split at blank lines before top-level lines, so functions stay whole where they fit. */
export function extractCode(source: string, title: string, language: string): Extracted {
  const text = source.replace(/\r\n?/g, "\n");
  const blocks: Block[] = text.trim() ? [{ text, kind: "code", lineStart: 1 }] : [];
  return { title, blocks, metadata: { language } };
}
