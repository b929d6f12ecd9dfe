/** Where a passage sits in its source, so a citation can point at it. */
export interface SourceLocation {
  page?: number;
  headingPath?: string;
  lineStart?: number;
  lineEnd?: number;
  rowStart?: number;
  rowEnd?: number;
}

/** How a block is split when it is too long for one chunk. */
export type BlockKind = "prose" | "code" | "table";

/**
 * One extracted piece of a document: a Markdown section, a PDF page, a table row, an e-mail part.
 * `lineStart` is the 1-based source line of the block's first character (text formats only).
 */
export interface Block {
  text: string;
  kind: BlockKind;
  page?: number;
  headingPath?: string;
  lineStart?: number;
  rowStart?: number;
  rowEnd?: number;
}

export interface Extracted {
  title: string;
  blocks: Block[];
  /** Facts the format carries (author, e-mail headers, sheet names...), all strings. */
  metadata: Record<string, string>;
}

export interface ChunkDraft extends SourceLocation {
  seq: number;
  text: string;
  tokens: number;
  /** Offsets into the document's full text: the blocks joined by a blank line. */
  charStart: number;
  charEnd: number;
}

export interface ChunkOptions {
  chunkSize: number;
  chunkOverlap: number;
}
