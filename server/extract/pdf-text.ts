import { AppError } from "@/lib/errors";

export type PdfPage = { page: number; text: string };

type TextItem = { str?: string; hasEOL?: boolean };

/**
 * The text layer of a PDF, page by page (pdfjs-dist's Node build, no worker thread). Corrupt,
 * encrypted or empty files raise an AppError a person can act on; a scanned PDF without a text
 * layer yields pages with empty text, which callers report as "no text to read".
 */
export async function extractPdfText(
  data: Uint8Array,
  opts: { maxPages?: number } = {},
): Promise<{ pages: PdfPage[]; pageCount: number }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdfjs transfers (detaches) the buffer it is given; callers keep theirs.
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw new AppError("BAD_REQUEST", describePdfError(error));
  }
  try {
    const last = Math.min(doc.numPages, opts.maxPages ?? doc.numPages);
    const pages: PdfPage[] = [];
    for (let n = 1; n <= last; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push({ page: n, text: joinItems(content.items as TextItem[]) });
      page.cleanup();
    }
    return { pages, pageCount: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

function joinItems(items: TextItem[]): string {
  let text = "";
  for (const item of items) {
    if (typeof item.str !== "string") continue;
    text += item.str;
    if (item.hasEOL) text += "\n";
  }
  return text.replace(/[ \t]+\n/g, "\n").trim();
}

function describePdfError(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return "This PDF is password-protected; remove the password and try again.";
  if (name === "InvalidPDFException")
    return "This file is not a readable PDF (it may be damaged or only partly downloaded).";
  return "This PDF could not be read.";
}
