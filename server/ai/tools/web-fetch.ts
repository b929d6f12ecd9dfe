import { z } from "zod";
import { htmlToMarkdown } from "@/server/ai/tools/html-to-markdown";
import { guardedGet } from "@/server/ai/tools/http-get";
import { defineTool } from "@/lib/tools/types";

const MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024;

export const webFetch = defineTool({
  name: "web_fetch",
  description:
    "Fetch a web page and return its readable content as Markdown (articles, docs). Only public http(s) addresses.",
  inputSchema: z.strictObject({
    url: z.string().min(1).max(2000).describe("Full http:// or https:// URL."),
  }),
  risk: "network",
  needsApproval: false,
  async execute(input, ctx) {
    const res = await guardedGet(input.url, {
      allowedHosts: ctx.limits.allowedHosts,
      maxBytes: MAX_DOWNLOAD_BYTES,
      signal: ctx.signal,
    });
    const note = res.truncated ? `\n\n[page cut at ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB]` : "";
    if (res.status >= 400) return `Fetching ${res.url} failed with HTTP ${res.status}.`;
    const type = res.contentType.toLowerCase();
    const text = res.body.toString("utf8");
    if (type.includes("html") || (!type && /^\s*</.test(text))) {
      const { title, markdown } = htmlToMarkdown(text, res.url);
      return `# ${title || res.url}\n\nSource: ${res.url}\n\n${markdown}${note}`;
    }
    if (type.startsWith("text/") || type.includes("json") || type.includes("xml"))
      return `Source: ${res.url}\n\n${text}${note}`;
    return `${res.url} is ${type || "binary content"} (${res.body.length} bytes), which web_fetch cannot read as text.`;
  },
});
