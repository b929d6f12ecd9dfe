import path from "node:path";
import { AppError } from "@/lib/errors";
import { extractPdfText } from "@/server/extract/pdf-text";

export type AttachmentKind = "text" | "pdf" | "image";

/** Extracted text beyond this is cut (and marked), so one file cannot crowd out the conversation. */
export const MAX_ATTACHMENT_CHARS = 60_000;
/** Pages read from a PDF; the character limit usually bites first. */
const MAX_PDF_PAGES = 200;

const TEXT_EXTENSIONS = new Set(
  (
    "txt md markdown mdx csv tsv json jsonl ndjson yaml yml toml ini cfg conf env log xml html htm css scss less svg " +
    "js mjs cjs jsx ts tsx py rb go rs java kt kts scala c h cc cpp hpp cs php swift m sh bash zsh fish ps1 bat sql " +
    "r lua pl dart vue svelte graphql gql proto tex rst adoc org diff patch dockerfile makefile gitignore properties"
  ).split(" "),
);
const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/**
 * What kind of attachment a file is, from its name first (browsers report many code files as
 * application/octet-stream) and its declared type second. Anything else is refused by name.
 */
export function classifyAttachment(name: string, mime: string): { kind: AttachmentKind; mime: string } {
  const base = path.basename(name).toLowerCase();
  const ext = base.includes(".") ? base.split(".").pop()! : base;
  const type = mime.toLowerCase().split(";")[0]!.trim();
  if (ext === "pdf" || type === "application/pdf") return { kind: "pdf", mime: "application/pdf" };
  if (IMAGE_TYPES[ext]) return { kind: "image", mime: IMAGE_TYPES[ext] };
  if (Object.values(IMAGE_TYPES).includes(type)) return { kind: "image", mime: type };
  if (
    TEXT_EXTENSIONS.has(ext) ||
    type.startsWith("text/") ||
    type === "application/json" ||
    type.endsWith("+json") ||
    type.endsWith("+xml")
  ) {
    return {
      kind: "text",
      mime: type.startsWith("text/") || type.includes("json") || type.includes("xml") ? type : "text/plain",
    };
  }
  throw new AppError(
    "BAD_REQUEST",
    `"${path.basename(name)}" cannot be attached: only text files (txt, md, csv, json, code…), PDFs and images (png, jpg, gif, webp) can be.`,
  );
}

function cap(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_ATTACHMENT_CHARS) return { text, truncated: false };
  return { text: text.slice(0, MAX_ATTACHMENT_CHARS), truncated: true };
}

/**
 * The text an attachment adds to the model's context (null for images, which go as file parts).
 * Errors are AppErrors that name the file and say what to do.
 */
export async function extractAttachmentText(input: {
  name: string;
  kind: AttachmentKind;
  data: Uint8Array;
}): Promise<{ text: string | null; truncated: boolean }> {
  const name = path.basename(input.name);
  if (input.kind === "image") return { text: null, truncated: false };
  if (input.data.byteLength === 0) throw new AppError("BAD_REQUEST", `"${name}" is empty.`);
  if (input.kind === "text") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input.data);
    } catch {
      throw new AppError("BAD_REQUEST", `"${name}" is not UTF-8 text; save it as UTF-8 or attach it as a PDF.`);
    }
    if (text.includes("\u0000")) throw new AppError("BAD_REQUEST", `"${name}" looks like a binary file, not text.`);
    return cap(text.replace(/^\uFEFF/, ""));
  }
  let pages: Awaited<ReturnType<typeof extractPdfText>>["pages"];
  try {
    ({ pages } = await extractPdfText(input.data, { maxPages: MAX_PDF_PAGES }));
  } catch (err) {
    if (err instanceof AppError) throw new AppError("BAD_REQUEST", `"${name}": ${err.message}`);
    throw err;
  }
  const text = pages
    .filter((p) => p.text.trim())
    .map((p) => `[Page ${p.page}]\n${p.text}`)
    .join("\n\n");
  if (!text.trim()) {
    throw new AppError(
      "BAD_REQUEST",
      `"${name}" has no text layer (it is probably scanned images). Run OCR on it first, or attach the pages as images to a vision model.`,
    );
  }
  return cap(text);
}
