import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolContext } from "@/lib/tools/types";
import { webFetch } from "@/server/ai/tools/web-fetch";
import { serveHandlers } from "@/tests/support/http-server";

const ARTICLE = `<!doctype html><html><head><title>Local page</title></head><body>
<nav><a href="/home">Home</a> | <a href="/about">About</a></nav>
<article><h1>Sourdough basics</h1>
<p>Sourdough bread rises with a culture of wild yeast and lactic acid bacteria rather than baker's yeast. The starter is fed flour and water daily.</p>
<p>A long, cool fermentation develops flavour. See <a href="/guide">the guide</a> for timings and hydration ratios that suit beginners and experts.</p>
<script>alert("x")</script></article><footer>Footer text</footer></body></html>`;

let server: Awaited<ReturnType<typeof serveHandlers>>;
let port: string;

beforeAll(async () => {
  server = await serveHandlers({
    "/article": async () => new Response(ARTICLE, { headers: { "content-type": "text/html; charset=utf-8" } }),
    "/plain": async () => new Response("just text", { headers: { "content-type": "text/plain" } }),
    "/big": async () => new Response("a".repeat(3 * 1024 * 1024), { headers: { "content-type": "text/plain" } }),
    "/binary": async () => new Response(new Uint8Array([1, 2, 3]), { headers: { "content-type": "image/png" } }),
    "/to-localhost": async () =>
      new Response(null, { status: 302, headers: { location: `http://localhost:${port}/article` } }),
    "/to-metadata": async () =>
      new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } }),
    "/to-file": async () => new Response(null, { status: 302, headers: { location: "file:///etc/passwd" } }),
    "/loop": async () => new Response(null, { status: 302, headers: { location: "/loop" } }),
    "/slow": () => new Promise<Response>(() => undefined),
  });
  port = new URL(server.url).port;
});

afterAll(() => server.close());

function ctx(allowedHosts: string[], signal = new AbortController().signal): ToolContext {
  return {
    userId: "u",
    signal,
    workspaceDir: "/nonexistent",
    limits: { timeoutMs: 5000, maxOutputBytes: 65536, allowedHosts, searchUrl: "http://127.0.0.1:9/" },
  };
}
const fetchPage = (url: string, allowed: string[] = ["127.0.0.1"], signal?: AbortSignal) =>
  webFetch.execute({ url }, ctx(allowed, signal));

describe("web_fetch", () => {
  it("refuses the local server by default, after DNS resolution too", async () => {
    await expect(fetchPage(`${server.url}/article`, [])).rejects.toThrow(/Refused: 127.0.0.1/);
    await expect(fetchPage(`http://localhost:${port}/article`, [])).rejects.toThrow(/Refused: localhost resolves to/);
  });

  it("returns readable Markdown from an allow-listed host", async () => {
    const md = (await fetchPage(`${server.url}/article`)) as string;
    expect(md).toContain("Sourdough");
    expect(md).toContain("wild yeast");
    expect(md).toContain(`[the guide](http://127.0.0.1:${port}/guide)`);
    expect(md).not.toContain("alert(");
    expect(md).not.toContain("<p>");
    expect(await fetchPage(`${server.url}/plain`)).toContain("just text");
  });

  it("re-checks every redirect: to a host not on the list, to metadata, to file:", async () => {
    await expect(fetchPage(`${server.url}/to-localhost`)).rejects.toThrow(/Refused: localhost/);
    await expect(fetchPage(`${server.url}/to-metadata`)).rejects.toThrow(/Refused: 169.254.169.254/);
    await expect(fetchPage(`${server.url}/to-file`)).rejects.toThrow(/Only http/);
    await expect(fetchPage(`${server.url}/loop`)).rejects.toThrow(/after 5 redirects/);
  });

  it("caps the download size and refuses binary content", async () => {
    const big = (await fetchPage(`${server.url}/big`)) as string;
    expect(big).toMatch(/\[page cut at 2 MB\]$/);
    expect(big.length).toBeLessThan(2.1 * 1024 * 1024);
    expect(await fetchPage(`${server.url}/binary`)).toMatch(/image\/png .*cannot read/);
  });

  it("stops when its signal aborts (the per-tool timeout)", async () => {
    await expect(fetchPage(`${server.url}/slow`, ["127.0.0.1"], AbortSignal.timeout(300))).rejects.toThrow(/abort/i);
  });
});
