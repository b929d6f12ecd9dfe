import type { Block, Extracted } from "@/lib/knowledge/types";

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^[ \t]*(```|~~~)/;

/**
 * Markdown as sections: a heading starts a block whose headingPath is the chain of headings above
 * it ("Install > Linux"), so chunks keep their context. Headings inside code fences are not headings.
 */
export function markdownBlocks(source: string): { blocks: Block[]; title: string | null } {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const stack: { level: number; text: string }[] = [];
  const blocks: Block[] = [];
  let title: string | null = null;
  let current: string[] = [];
  let startLine = 1;
  let inFence = false;

  const flush = () => {
    const text = current.join("\n");
    if (text.trim())
      blocks.push({
        text,
        kind: "prose",
        lineStart: startLine,
        ...(stack.length ? { headingPath: stack.map((h) => h.text).join(" > ") } : {}),
      });
  };

  lines.forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    const m = inFence ? null : HEADING.exec(line);
    if (m) {
      flush();
      const level = m[1]!.length;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text: m[2]!.trim() });
      title ??= m[2]!.trim();
      current = [line];
      startLine = i + 1;
    } else {
      if (current.length === 0) startLine = i + 1;
      current.push(line);
    }
  });
  flush();
  return { blocks, title };
}

export function extractMarkdown(source: string, fallbackTitle: string): Extracted {
  const { blocks, title } = markdownBlocks(source);
  return { title: title ?? fallbackTitle, blocks, metadata: {} };
}
