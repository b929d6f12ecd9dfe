import { countTokens } from "@/lib/knowledge/tokens";
import type { Block, BlockKind, ChunkDraft, ChunkOptions } from "@/lib/knowledge/types";

/**
 * Recursive splitting: try the coarsest separator first (paragraphs; for code, blank lines before
 * a top-level line), split what is still too long with the next one, then merge neighbours back
 * into windows of at most chunkSize tokens that overlap by about chunkOverlap tokens.
 */
const SEPARATORS: Record<BlockKind, RegExp[]> = {
  prose: [/\n[ \t]*\n/g, /\n/g, /(?<=[.!?;:])\s+/g, /\s+/g],
  code: [/\n[ \t]*\n(?=\S)/g, /\n[ \t]*\n/g, /\n(?=\S)/g, /\n/g, /\s+/g],
  table: [/\n/g, /\s+/g],
};

/** Rough characters per token, used only to cut text that has no separator at all. */
const CHARS_PER_TOKEN = 4;

interface Span {
  start: number;
  end: number;
  tokens: number;
}

/** The pieces of [start, end) after each match of sep (the separator stays with the piece before it). */
function cut(text: string, start: number, end: number, sep: RegExp): Span[] {
  const slice = text.slice(start, end);
  const spans: Span[] = [];
  let from = 0;
  sep.lastIndex = 0;
  for (let m = sep.exec(slice); m; m = sep.exec(slice)) {
    if (m[0].length === 0) {
      sep.lastIndex++;
      continue;
    }
    const to = m.index + m[0].length;
    if (to > from && to < slice.length) {
      spans.push({ start: start + from, end: start + to, tokens: countTokens(slice.slice(from, to)) });
      from = to;
    }
  }
  if (from < slice.length) spans.push({ start: start + from, end, tokens: countTokens(slice.slice(from)) });
  return spans;
}

function hardSplit(start: number, end: number, text: string, opts: ChunkOptions): Span[] {
  const width = Math.max(1, opts.chunkSize * CHARS_PER_TOKEN);
  const step = Math.max(1, width - opts.chunkOverlap * CHARS_PER_TOKEN);
  const spans: Span[] = [];
  for (let s = start; s < end; s += step) {
    const e = Math.min(end, s + width);
    spans.push({ start: s, end: e, tokens: countTokens(text.slice(s, e)) });
    if (e === end) break;
  }
  return spans;
}

function merge(pieces: Span[], opts: ChunkOptions): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < pieces.length) {
    let j = i;
    let tokens = 0;
    while (j < pieces.length && (j === i || tokens + pieces[j]!.tokens <= opts.chunkSize))
      tokens += pieces[j++]!.tokens;
    out.push({ start: pieces[i]!.start, end: pieces[j - 1]!.end, tokens });
    if (j >= pieces.length) break;
    let k = j;
    let back = 0;
    while (k - 1 > i && back + pieces[k - 1]!.tokens <= opts.chunkOverlap) back += pieces[--k]!.tokens;
    i = k;
  }
  return out;
}

function split(text: string, start: number, end: number, seps: RegExp[], opts: ChunkOptions): Span[] {
  const tokens = countTokens(text.slice(start, end));
  if (tokens <= opts.chunkSize) return [{ start, end, tokens }];
  for (let i = 0; i < seps.length; i++) {
    const atoms = cut(text, start, end, seps[i]!);
    if (atoms.length < 2) continue;
    const rest = seps.slice(i + 1);
    const pieces = atoms.flatMap((a) => (a.tokens > opts.chunkSize ? split(text, a.start, a.end, rest, opts) : [a]));
    return merge(pieces, opts);
  }
  return hardSplit(start, end, text, opts);
}

function trimmed(text: string, span: Span): Span | null {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end, tokens: span.tokens } : null;
}

function newlinesBefore(text: string, pos: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

interface Unit {
  block: Block;
  blockIndex: number;
  local: Span;
  /** Offset of the block in the full text. */
  base: number;
  whole: boolean;
}

/** The text a document's chunks point into: its blocks joined by a blank line. */
export function fullText(blocks: Block[]): string {
  return blocks.map((b) => b.text).join("\n\n");
}

function sameContext(a: Block, b: Block): boolean {
  return a.page === b.page && a.headingPath === b.headingPath && a.kind === b.kind;
}

/**
 * Cuts a document's blocks into chunks: long blocks are split recursively, short neighbouring
 * blocks with the same page and heading (table rows, paragraphs) are packed together. Each chunk
 * records its page, heading path, line and row range and character offsets in fullText(blocks).
 */
export function chunkBlocks(blocks: Block[], opts: ChunkOptions): ChunkDraft[] {
  if (opts.chunkSize < 1 || opts.chunkOverlap < 0 || opts.chunkOverlap >= opts.chunkSize) {
    throw new RangeError("chunkSize must be positive and chunkOverlap smaller than it.");
  }
  const units: Unit[] = [];
  let base = 0;
  blocks.forEach((block, blockIndex) => {
    const spans = split(block.text, 0, block.text.length, SEPARATORS[block.kind], opts);
    for (const span of spans) {
      const local = trimmed(block.text, span);
      if (local) units.push({ block, blockIndex, local, base, whole: spans.length === 1 });
    }
    base += block.text.length + 2;
  });

  const groups: Unit[][] = [];
  let tokens = 0;
  for (const unit of units) {
    const group = groups.at(-1);
    const last = group?.at(-1);
    const fits =
      group &&
      last &&
      unit.whole &&
      last.whole &&
      last.blockIndex !== unit.blockIndex &&
      sameContext(last.block, unit.block) &&
      tokens + unit.local.tokens <= opts.chunkSize;
    if (fits) {
      group.push(unit);
      tokens += unit.local.tokens;
    } else {
      groups.push([unit]);
      tokens = unit.local.tokens;
    }
  }
  const text = fullText(blocks);
  return groups.map((group, seq) => toChunk(group, seq, text));
}

function toChunk(group: Unit[], seq: number, text: string): ChunkDraft {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const charStart = first.base + first.local.start;
  const charEnd = last.base + last.local.end;
  const body = text.slice(charStart, charEnd);
  const chunk: ChunkDraft = { seq, text: body, tokens: countTokens(body), charStart, charEnd };
  if (first.block.page !== undefined) chunk.page = first.block.page;
  if (first.block.headingPath) chunk.headingPath = first.block.headingPath;
  if (first.block.lineStart !== undefined && last.block.lineStart !== undefined) {
    chunk.lineStart = first.block.lineStart + newlinesBefore(first.block.text, first.local.start);
    chunk.lineEnd = last.block.lineStart + newlinesBefore(last.block.text, last.local.end - 1);
  }
  const rows = group.flatMap((u) => [u.block.rowStart, u.block.rowEnd]).filter((r): r is number => r !== undefined);
  if (rows.length > 0) {
    chunk.rowStart = Math.min(...rows);
    chunk.rowEnd = Math.max(...rows);
  }
  return chunk;
}
