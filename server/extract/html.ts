import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { markdownBlocks } from "@/server/extract/markdown";
import type { Extracted } from "@/lib/knowledge/types";

const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "NAV", "FOOTER", "ASIDE", "FORM", "BUTTON"]);
const BREAK = new Set([
  "P",
  "DIV",
  "SECTION",
  "ARTICLE",
  "MAIN",
  "BLOCKQUOTE",
  "UL",
  "OL",
  "DL",
  "DT",
  "DD",
  "TABLE",
  "FIGURE",
  "HR",
  "BR",
  "HEADER",
]);

type DomNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> };

/** Text with Markdown headings, list items, code fences and table rows, so the Markdown splitter keeps the structure. */
function toMarkdown(node: DomNode, out: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      out.push((child.textContent ?? "").replace(/\s+/g, " "));
      continue;
    }
    if (child.nodeType !== 1 || SKIP.has(child.nodeName)) continue;
    const name = child.nodeName;
    const heading = /^H([1-6])$/.exec(name);
    if (heading)
      out.push(`\n\n${"#".repeat(Number(heading[1]))} ${(child.textContent ?? "").replace(/\s+/g, " ").trim()}\n\n`);
    else if (name === "PRE") out.push(`\n\n\`\`\`\n${(child.textContent ?? "").replace(/\n+$/, "")}\n\`\`\`\n\n`);
    else if (name === "LI") {
      out.push("\n- ");
      toMarkdown(child, out);
      out.push("\n");
    } else if (name === "TR") {
      const cells = Array.from(child.childNodes).filter((c) => c.nodeName === "TD" || c.nodeName === "TH");
      out.push(`\n| ${cells.map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim()).join(" | ")} |\n`);
    } else if (BREAK.has(name) || name === "P") {
      out.push("\n\n");
      toMarkdown(child, out);
      out.push("\n\n");
    } else toMarkdown(child, out);
  }
}

function tidy(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/g, "").replace(/^[ \t]+(?=\S)(?!- )/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Body HTML (already main content, e.g. from mammoth) as Markdown-structured blocks. */
export function htmlBodyToExtracted(html: string, fallbackTitle: string): Extracted {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  toMarkdown(document.body as unknown as DomNode, out);
  const { blocks, title } = markdownBlocks(tidy(out.join("")));
  return { title: title ?? fallbackTitle, blocks: blocks.map(({ lineStart: _line, ...b }) => b), metadata: {} };
}

/**
 * A web page's main content (Mozilla Readability drops navigation, headers and footers); pages
 * Readability cannot make sense of fall back to the whole body without nav/aside/footer.
 * Line numbers are left out: they would count lines of the converted text, not of the file.
 */
export function extractHtml(html: string, fallbackTitle: string): Extracted {
  const { document } = parseHTML(html);
  const pageTitle = (document.querySelector("title")?.textContent ?? "").trim();
  let body = document.body?.innerHTML ?? html;
  let title = pageTitle;
  try {
    const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
    if (article?.content && (article.textContent ?? "").trim().length > 0) {
      body = article.content;
      title = (article.title ?? "").trim() || pageTitle;
    }
  } catch {
    // Readability gives up on unusual markup; the whole body is still better than nothing.
  }
  const extracted = htmlBodyToExtracted(body, fallbackTitle);
  return { ...extracted, title: title || extracted.title };
}
