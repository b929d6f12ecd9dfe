import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["knowledge"];
export type DocumentRow = Out["documents"]["rows"][number];
export type DocumentDetail = Out["document"];
export type ChunkRow = Out["chunks"]["items"][number];
export type SearchHitRow = Out["query"]["hits"][number];
export type NamespaceRow = Out["namespaces"][number];

export const TYPE_LABEL: Record<string, string> = {
  pdf: "PDF",
  docx: "DOCX",
  xlsx: "XLSX",
  csv: "CSV",
  html: "HTML",
  md: "MD",
  txt: "TXT",
  code: "Code",
  eml: "EML",
  other: "Other",
};
export const TYPE_COLOR: Record<string, string> = {
  pdf: "bg-red-500/15 text-red-700 dark:text-red-300",
  docx: "bg-blue-500/15 text-blue-700 dark:text-blue-300",
  xlsx: "bg-green-500/15 text-green-700 dark:text-green-300",
  csv: "bg-green-500/15 text-green-700 dark:text-green-300",
  html: "bg-orange-500/15 text-orange-700 dark:text-orange-300",
  md: "bg-violet-500/15 text-violet-700 dark:text-violet-300",
  txt: "bg-muted text-muted-foreground",
  code: "bg-cyan-500/15 text-cyan-700 dark:text-cyan-300",
  eml: "bg-amber-500/15 text-amber-700 dark:text-amber-300",
  other: "bg-muted text-muted-foreground",
};
export const SOURCE_LABEL: Record<string, string> = {
  upload: "Uploaded",
  watched: "Watched folder",
  mail: "Mail",
  file: "File",
};
export const STATUS_VARIANT: Record<string, "success" | "warning" | "destructive"> = {
  embedded: "success",
  pending: "warning",
  failed: "destructive",
};

/** Where a passage sits in its document: page, heading path, lines or rows. */
export function describeLocation(c: {
  page?: number | null;
  headingPath?: string | null;
  lineStart?: number | null;
  lineEnd?: number | null;
  rowStart?: number | null;
  rowEnd?: number | null;
}): string {
  const parts: string[] = [];
  if (c.page) parts.push(`page ${c.page}`);
  if (c.headingPath) parts.push(c.headingPath);
  if (c.lineStart)
    parts.push(c.lineEnd && c.lineEnd !== c.lineStart ? `lines ${c.lineStart}-${c.lineEnd}` : `line ${c.lineStart}`);
  if (c.rowStart)
    parts.push(c.rowEnd && c.rowEnd !== c.rowStart ? `rows ${c.rowStart}-${c.rowEnd}` : `row ${c.rowStart}`);
  return parts.join(" · ");
}

/** The library's deep link (chat citations use the same form). */
export function documentHref(documentId: string, chunkId?: number | null): string {
  const q = new URLSearchParams({ doc: documentId });
  if (chunkId) q.set("chunk", String(chunkId));
  return `/knowledge?${q}`;
}
