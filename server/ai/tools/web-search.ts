import { parseHTML } from "linkedom";
import { z } from "zod";
import { guardedGet } from "@/server/ai/tools/http-get";
import { defineTool } from "@/lib/tools/types";

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

/** DuckDuckGo links results through /l/?uddg=<target>; the model needs the target. */
function unwrap(href: string): string | null {
  try {
    const url = new URL(href, "https://duckduckgo.com");
    const target = url.pathname === "/l/" ? url.searchParams.get("uddg") : url.href;
    if (!target) return null;
    const parsed = new URL(target);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Results of a DuckDuckGo HTML page, ads left out. */
export function parseDuckDuckGoHtml(html: string, limit: number): SearchResult[] {
  const { document } = parseHTML(html);
  const results: SearchResult[] = [];
  for (const node of document.querySelectorAll(".result")) {
    if (node.classList.contains("result--ad")) continue;
    const link = node.querySelector("a.result__a");
    const url = link ? unwrap(link.getAttribute("href") ?? "") : null;
    if (!link || !url) continue;
    const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
    results.push({ title: text(link), url, snippet: text(node.querySelector(".result__snippet")) });
    if (results.length >= limit) break;
  }
  return results;
}

export const webSearch = defineTool({
  name: "web_search",
  description: "Search the web (DuckDuckGo) and return titles, URLs and snippets. Use web_fetch to read a result.",
  inputSchema: z.strictObject({
    query: z.string().trim().min(1).max(400).describe("What to search for."),
    limit: z.number().int().min(1).max(20).default(8),
  }),
  risk: "network",
  needsApproval: false,
  async execute(input, ctx) {
    const url = new URL(ctx.limits.searchUrl);
    url.searchParams.set("q", input.query);
    const res = await guardedGet(url.href, {
      allowedHosts: ctx.limits.allowedHosts,
      maxBytes: 2 * 1024 * 1024,
      signal: ctx.signal,
    });
    if (res.status >= 400) return `The search service answered HTTP ${res.status}; try again later.`;
    const results = parseDuckDuckGoHtml(res.body.toString("utf8"), input.limit);
    if (results.length === 0) return `No results for "${input.query}".`;
    return { query: input.query, results };
  },
});
