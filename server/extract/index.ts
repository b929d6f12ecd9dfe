import path from "node:path";
import { extractPdfText } from "@/server/extract/pdf-text";
import { AppError, isAppError } from "@/lib/errors";
import { parseCsv } from "@/server/extract/csv";
import { extractEml } from "@/server/extract/eml";
import { extractHtml } from "@/server/extract/html";
import { extractMarkdown } from "@/server/extract/markdown";
import { extractDocx, extractXlsx } from "@/server/extract/office";
import { tableBlocks } from "@/server/extract/table";
import { extractCode, extractText } from "@/server/extract/text";
import type { Extracted } from "@/lib/knowledge/types";

export type DocumentFormat = "pdf" | "docx" | "xlsx" | "csv" | "html" | "markdown" | "text" | "code" | "eml";

const BY_EXTENSION: Record<string, DocumentFormat> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".xlsx": "xlsx",
  ".csv": "csv",
  ".tsv": "csv",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdx": "markdown",
  ".txt": "text",
  ".text": "text",
  ".log": "text",
  ".rst": "text",
  ".eml": "eml",
};

const CODE_LANGUAGES: Record<string, string> = {
  ".ts": "typescript",
  ".tsx": "typescript",
  ".js": "javascript",
  ".jsx": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".py": "python",
  ".go": "go",
  ".rs": "rust",
  ".java": "java",
  ".kt": "kotlin",
  ".c": "c",
  ".h": "c",
  ".cpp": "cpp",
  ".hpp": "cpp",
  ".cs": "csharp",
  ".rb": "ruby",
  ".php": "php",
  ".swift": "swift",
  ".scala": "scala",
  ".sh": "shell",
  ".bash": "shell",
  ".sql": "sql",
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".toml": "toml",
  ".xml": "xml",
  ".css": "css",
  ".lua": "lua",
};

export const MIME_OF: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
  html: "text/html",
  markdown: "text/markdown",
  text: "text/plain",
  code: "text/x-source",
  eml: "message/rfc822",
};

/** The format of a file by its name, or null when it is not a supported kind of document. */
export function detectFormat(fileName: string): DocumentFormat | null {
  const ext = path.extname(fileName).toLowerCase();
  return BY_EXTENSION[ext] ?? (CODE_LANGUAGES[ext] ? "code" : null);
}

export const SUPPORTED_EXTENSIONS = [...Object.keys(BY_EXTENSION), ...Object.keys(CODE_LANGUAGES)];

function decodeText(data: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(data);
  // Many NULs mean a binary file with a text extension; its "text" would be noise in the index.
  const sample = text.slice(0, 4096);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting NULs is the point
  if (sample.length > 0 && (sample.match(/\u0000/g)?.length ?? 0) > sample.length / 100) {
    throw new AppError("BAD_REQUEST", "The file looks binary, not text.");
  }
  return text.replace(/^\uFEFF/, "");
}

async function extractPdf(data: Uint8Array, title: string): Promise<Extracted> {
  const { pages } = await extractPdfText(data);
  const blocks = pages
    .filter((p) => p.text.trim())
    .map((p) => ({ text: p.text, kind: "prose" as const, page: p.page }));
  if (blocks.length === 0)
    throw new AppError("BAD_REQUEST", "The PDF has no text layer (a scan?); there is nothing to index.");
  return { title, blocks, metadata: { pages: String(pages.length) } };
}

async function extractByFormat(format: DocumentFormat, data: Uint8Array, fileName: string): Promise<Extracted> {
  const title = path.basename(fileName);
  switch (format) {
    case "pdf":
      return extractPdf(data, title);
    case "docx":
      return extractDocx(data, title);
    case "xlsx":
      return extractXlsx(data, title);
    case "csv":
      return {
        title,
        blocks: tableBlocks(parseCsv(decodeText(data)).map((cells, i) => ({ n: i + 1, cells }))),
        metadata: {},
      };
    case "html":
      return extractHtml(decodeText(data), title);
    case "markdown":
      return extractMarkdown(decodeText(data), title);
    case "text":
      return extractText(decodeText(data), title);
    case "code":
      return extractCode(decodeText(data), title, CODE_LANGUAGES[path.extname(fileName).toLowerCase()] ?? "text");
    case "eml":
      return extractEml(data, title, extractDocument);
  }
}

/**
 * A document's text as located blocks. Unsupported, corrupt or empty files raise an AppError whose
 * message says what is wrong with that file (it becomes the document's error in the library).
 */
export async function extractDocument(data: Uint8Array, fileName: string): Promise<Extracted> {
  const format = detectFormat(fileName);
  if (!format) {
    const ext = path.extname(fileName) || "(no extension)";
    throw new AppError(
      "BAD_REQUEST",
      `Files of type ${ext} are not supported. Supported: PDF, DOCX, XLSX, CSV, HTML, Markdown, text, source code and EML.`,
    );
  }
  let extracted: Extracted;
  try {
    extracted = await extractByFormat(format, data, fileName);
  } catch (err) {
    if (isAppError(err)) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(
      "BAD_REQUEST",
      `The ${format.toUpperCase()} file could not be read (corrupt or not really ${format}): ${reason.slice(0, 200)}`,
    );
  }
  if (extracted.blocks.every((b) => !b.text.trim()))
    throw new AppError("BAD_REQUEST", "The file contains no text to index.");
  return extracted;
}
