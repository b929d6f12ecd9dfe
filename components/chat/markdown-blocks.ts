/**
 * Splits Markdown into top-level blocks that render the same apart as together, so a streaming
 * answer re-renders only its last, growing block (the finished ones are memoised). A split is
 * made only at a blank line outside code fences and $$ math, before a line that starts a new
 * block at the left margin and does not continue a list (a list stays one block, so its
 * numbering and spacing hold). Reference-style link and footnote definitions apply to the whole text: with
 * one of those the text stays a single block.
 */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

export function splitMarkdownBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const lines = text.split("\n");
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let math = false;
  let list = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const opener = FENCE.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    if (line.trim() === "$$") {
      math = !math;
      continue;
    }
    if (LIST_ITEM.test(line)) list = true;
    if (math || line.trim() !== "" || i === 0) continue;
    const next = lines[i + 1];
    if (next === undefined || next === "" || /^\s/.test(next) || (list && LIST_ITEM.test(next))) continue;
    blocks.push(lines.slice(start, i).join("\n"));
    start = i + 1;
    list = false;
  }
  blocks.push(lines.slice(start).join("\n"));
  return blocks.filter((b) => b.trim() !== "");
}
