import type { SourceLocation } from "@/lib/knowledge/types";

/**
 * Citations in chat answers: the passages a turn retrieved travel with the answer as one
 * `data-sources` part, and the answer's [n] markers point into it. Pure functions, shared by the
 * server (which marks the cited passages when the answer ends) and the page (which turns the
 * markers into links to the source passage).
 */

/** One retrieved passage as the chat shows it, numbered as the model saw it. */
export interface ChatSource extends SourceLocation {
  /** The number the model cites it by: [n]. */
  n: number;
  chunkId: number;
  documentId: string;
  documentTitle: string;
  sourcePath: string | null;
  /** The start of the passage, for the panel and the citation's tooltip. */
  excerpt: string;
  /** Fused score, 1 = first in every retriever used. */
  score: number;
  bm25Rank: number | null;
  bm25Score: number | null;
  vectorRank: number | null;
  vectorDistance: number | null;
  similarity: number | null;
  /** Position before the chat model reranked the passages (null: not reranked). */
  retrievalRank: number | null;
  /** True when the answer cites it. */
  cited: boolean;
}

/** The `data` of the `data-sources` part: what was searched and what came back. */
export interface ChatSourcesData {
  namespace: string;
  query: string;
  embedder: string;
  reranked: boolean;
  /** True when nothing passed the namespace's threshold: the model was told so. */
  nothingRelevant: boolean;
  sources: ChatSource[];
}

export const SOURCES_PART_TYPE = "data-sources" as const;

export interface ChatSourcesPart {
  type: typeof SOURCES_PART_TYPE;
  id?: string;
  data: ChatSourcesData;
}

/** The sources part among a message's parts, if the turn searched documents. */
export function findSourcesPart(parts: readonly { type: string }[]): ChatSourcesPart | null {
  const part = parts.find((p) => p.type === SOURCES_PART_TYPE) as ChatSourcesPart | undefined;
  return part && Array.isArray(part.data?.sources) ? part : null;
}

// Fenced and inline code can hold "[1]" that is not a citation (array indexing).
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
// [1], [2, 3], [1][2]; not a Markdown link "[1](...)" nor a footnote "[^1]".
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()/g;

/** The passage numbers an answer cites, limited to the numbers that exist (1..count). */
export function citedNumbers(answer: string, count: number): Set<number> {
  const out = new Set<number>();
  for (const match of answer.replace(CODE, " ").matchAll(MARKER)) {
    for (const piece of match[1]!.split(",")) {
      const n = Number(piece.trim());
      if (n >= 1 && n <= count) out.add(n);
    }
  }
  return out;
}

/** The sources with `cited` set from the finished answer: uncited passages are not shown as citations. */
export function markCited(data: ChatSourcesData, answer: string): ChatSourcesData {
  const cited = citedNumbers(answer, data.sources.length);
  return { ...data, sources: data.sources.map((s) => ({ ...s, cited: cited.has(s.n) })) };
}

/** A finished answer's parts with its sources part marked from the answer's text (the part saved with it). */
export function withCitedSources<P extends { type: string }>(parts: P[]): P[] {
  const answer = parts.map((p) => (p.type === "text" ? (p as unknown as { text: string }).text : "")).join("");
  return parts.map((p) =>
    p.type === SOURCES_PART_TYPE ? ({ ...p, data: markCited((p as unknown as ChatSourcesPart).data, answer) } as P) : p,
  );
}

/**
 * The answer's Markdown with each existing [n] turned into a link "#cite-n" (the page renders
 * those as citation chips); code and numbers without a passage are left alone.
 */
export function linkCitations(answer: string, count: number): string {
  if (count === 0) return answer;
  const link = (text: string) =>
    text.replace(MARKER, (whole, list: string) => {
      const numbers = list.split(",").map((p) => Number(p.trim()));
      if (!numbers.every((n) => n >= 1 && n <= count)) return whole;
      return numbers.map((n) => `[${n}](#cite-${n})`).join("");
    });
  let out = "";
  let at = 0;
  for (const code of answer.matchAll(CODE)) {
    out += link(answer.slice(at, code.index)) + code[0];
    at = code.index + code[0].length;
  }
  return out + link(answer.slice(at));
}

/** Where a citation opens: the knowledge page's document detail, scrolled to the passage. */
export function sourceHref(source: Pick<ChatSource, "documentId" | "chunkId">): string {
  return `/knowledge?doc=${encodeURIComponent(source.documentId)}&chunk=${source.chunkId}`;
}

/** "p. 3 · Setup > Install · lines 10-24": the passage's place in its document. */
export function describeLocation(loc: SourceLocation): string {
  const parts: string[] = [];
  if (loc.page !== undefined) parts.push(`p. ${loc.page}`);
  if (loc.headingPath) parts.push(loc.headingPath);
  if (loc.lineStart !== undefined)
    parts.push(
      loc.lineEnd !== undefined && loc.lineEnd !== loc.lineStart
        ? `lines ${loc.lineStart}-${loc.lineEnd}`
        : `line ${loc.lineStart}`,
    );
  if (loc.rowStart !== undefined)
    parts.push(
      loc.rowEnd !== undefined && loc.rowEnd !== loc.rowStart
        ? `rows ${loc.rowStart}-${loc.rowEnd}`
        : `row ${loc.rowStart}`,
    );
  return parts.join(" · ");
}
