import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolContext } from "@/lib/tools/types";
import { filesRead } from "@/server/ai/tools/files-read";
import { filesSearch } from "@/server/ai/tools/files-search";
import { filesWrite } from "@/server/ai/tools/files-write";
import { ensureWorkspace } from "@/server/ai/tools/workspace-path";

/**
 * Issue 22, finding 13: a FIFO in the workspace and five files_write calls used to take all four
 * of libuv's pool threads (each open waited for a reader), and every file operation of the server
 * hung behind them. File tools now open without blocking and refuse anything but regular files.
 */
let base: string;
let ctx: ToolContext;

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "fifo-tool-"));
  const workspaceDir = await ensureWorkspace(path.join(base, "workspace"));
  execFileSync("mkfifo", [path.join(workspaceDir, "pipe")]);
  await fs.writeFile(path.join(workspaceDir, "notes.md"), "needle here\n");
  ctx = {
    userId: "u",
    signal: new AbortController().signal,
    workspaceDir,
    limits: { timeoutMs: 10_000, maxOutputBytes: 65536, allowedHosts: [], searchUrl: "http://127.0.0.1:9/" },
  };
});

afterAll(() => fs.rm(base, { recursive: true, force: true }));

describe("a FIFO in the workspace", () => {
  it("is refused by files_write and files_read at once, and the file system stays responsive", async () => {
    const writes = Array.from({ length: 6 }, () =>
      filesWrite.execute(filesWrite.inputSchema.parse({ path: "pipe", content: "x" }), ctx),
    );
    const reads = Array.from({ length: 6 }, () =>
      filesRead.execute(filesRead.inputSchema.parse({ path: "pipe" }), ctx),
    );
    const outcomes = await Promise.allSettled([...writes, ...reads]);
    for (const o of outcomes) {
      const text = o.status === "rejected" ? String((o.reason as Error).message) : String(o.value);
      expect(text).toMatch(/not a regular file|no file "pipe"/);
    }
    // With the pool blocked this read would never finish; the test's own timeout would fail it.
    const started = performance.now();
    expect(await fs.readFile(path.join(ctx.workspaceDir, "notes.md"), "utf8")).toBe("needle here\n");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("is skipped by files_search", async () => {
    const found = (await filesSearch.execute(filesSearch.inputSchema.parse({ query: "needle" }), ctx)) as {
      matches: { path: string }[];
    };
    expect(found.matches.map((m) => m.path)).toEqual(["notes.md"]);
  });
});
