import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolContext } from "@/lib/tools/types";
import { webSearch } from "@/server/ai/tools/web-search";
import { serveHandlers } from "@/tests/support/http-server";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../../tests/support/fixtures", name), "utf8");
let server: Awaited<ReturnType<typeof serveHandlers>>;
const queries: string[] = [];

beforeAll(async () => {
  server = await serveHandlers({
    "/html/": async (req) => {
      const q = new URL(req.url).searchParams.get("q") ?? "";
      queries.push(q);
      if (q === "down") return new Response("busy", { status: 503 });
      return new Response(fixture(q === "zxqvbnmfoo" ? "ddg-no-results.html" : "ddg-results.html"), {
        headers: { "content-type": "text/html" },
      });
    },
  });
});

afterAll(() => server.close());

function ctx(allowedHosts: string[]): ToolContext {
  return {
    userId: "u",
    signal: new AbortController().signal,
    workspaceDir: "/x",
    limits: { timeoutMs: 5000, maxOutputBytes: 65536, allowedHosts, searchUrl: `${server.url}/html/` },
  };
}
const search = (query: string, allowed = ["127.0.0.1"]) =>
  webSearch.execute(webSearch.inputSchema.parse({ query }), ctx(allowed));

describe("web_search", () => {
  it("parses a recorded DuckDuckGo results page: unwraps links, drops ads, decodes entities", async () => {
    const out = (await search("sqlite fts5 tokenizer")) as {
      results: { title: string; url: string; snippet: string }[];
    };
    expect(queries.at(-1)).toBe("sqlite fts5 tokenizer");
    expect(out.results.map((r) => r.url)).toEqual([
      "https://www.sqlite.org/fts5.html",
      "https://stackoverflow.com/questions/12345/sqlite-fts5-custom-tokenizer?a=1&b=2",
      "https://github.com/example/fts5-trigram",
    ]);
    expect(out.results[0]!.snippet).toMatch(/^FTS5 is an SQLite virtual table module that provides full-text search/);
    expect(out.results[1]!.title).toBe("How to write a custom FTS5 tokenizer? - Stack Overflow");
    expect(out.results[1]!.snippet).toContain("underscores & dots");
    expect(JSON.stringify(out)).not.toMatch(/Sponsored|ads\.example/);
  });

  it("says so when there are no results, and when the service fails", async () => {
    expect(await search("zxqvbnmfoo")).toBe('No results for "zxqvbnmfoo".');
    expect(await search("down")).toMatch(/HTTP 503/);
  });

  it("obeys the same address guard as web_fetch", async () => {
    await expect(search("anything", [])).rejects.toThrow(/Refused: 127.0.0.1/);
  });

  it("rejects hostile input through its schema", () => {
    expect(webSearch.inputSchema.safeParse({ query: "" }).success).toBe(false);
    expect(webSearch.inputSchema.safeParse({ query: "x".repeat(401) }).success).toBe(false);
    expect(webSearch.inputSchema.safeParse({ query: "x", limit: 1000 }).success).toBe(false);
  });
});
