import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

/** The readable part of a page (Readability) as Markdown; the whole body when Readability finds none. */
export function htmlToMarkdown(html: string, url: string): { title: string; markdown: string } {
  const { document } = parseHTML(html);
  const title = document.title ?? "";
  let content: string | null = null;
  try {
    // Readability changes the document it reads; the body fallback below uses a fresh parse.
    const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
    content = article?.content ?? null;
    if (article?.title) return { title: article.title, markdown: toMarkdown(content ?? "", url) };
  } catch {
    content = null;
  }
  const body = content ?? parseHTML(html).document.body?.innerHTML ?? "";
  return { title, markdown: toMarkdown(body, url) };
}

function toMarkdown(html: string, url: string): string {
  const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced" });
  turndown.remove(["script", "style", "noscript", "iframe", "form"]);
  // Relative links would be useless to the model: make them absolute against the page URL.
  turndown.addRule("absoluteLinks", {
    filter: "a",
    replacement: (text, node) => {
      const href = (node as HTMLElement).getAttribute("href");
      if (!href || href.startsWith("#") || href.startsWith("javascript:")) return text;
      try {
        return `[${text}](${new URL(href, url).href})`;
      } catch {
        return text;
      }
    },
  });
  return turndown
    .turndown(html)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
