import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesList } from "@/server/ai/tools/files-list";
import { filesRead } from "@/server/ai/tools/files-read";
import { filesSearch } from "@/server/ai/tools/files-search";
import { filesWrite } from "@/server/ai/tools/files-write";
import type { ToolContext } from "@/lib/tools/types";
import { ensureWorkspace, MAX_FILE_BYTES } from "@/server/ai/tools/workspace-path";

let base: string;
let ctx: ToolContext;

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "files-tool-"));
  const workspaceDir = await ensureWorkspace(path.join(base, "workspace"));
  await fs.writeFile(path.join(base, "secret.txt"), "TOP SECRET outside");
  await fs.mkdir(path.join(base, "outside-dir"));
  await fs.writeFile(path.join(workspaceDir, "notes.md"), "# Notes\nalpha line\nBeta line\n");
  await fs.mkdir(path.join(workspaceDir, "sub"));
  await fs.writeFile(path.join(workspaceDir, "sub", "deep.txt"), "gamma alpha");
  // Hostile links planted inside the workspace, pointing out of it.
  await fs.symlink(path.join(base, "secret.txt"), path.join(workspaceDir, "escape-file"));
  await fs.symlink(path.join(base, "outside-dir"), path.join(workspaceDir, "escape-dir"));
  ctx = {
    userId: "u",
    signal: new AbortController().signal,
    workspaceDir,
    limits: { timeoutMs: 10_000, maxOutputBytes: 65536, allowedHosts: [], searchUrl: "http://127.0.0.1:9/" },
  };
});

afterAll(() => fs.rm(base, { recursive: true, force: true }));

const read = (p: string) => filesRead.execute(filesRead.inputSchema.parse({ path: p }), ctx);
const write = (p: string, content: string) =>
  filesWrite.execute(filesWrite.inputSchema.parse({ path: p, content }), ctx);

describe("file tools", () => {
  it("list, read, write and search inside the workspace", async () => {
    const listed = (await filesList.execute(filesList.inputSchema.parse({ recursive: true }), ctx)) as {
      entries: { path: string; type: string }[];
    };
    expect(listed.entries.map((e) => `${e.type}:${e.path}`).sort()).toEqual(
      ["file:notes.md", "folder:sub", "file:sub/deep.txt", "link:escape-file", "link:escape-dir"].sort(),
    );
    expect(await read("notes.md")).toMatchObject({ content: "# Notes\nalpha line\nBeta line\n" });
    expect(await write("out/new.txt", "hello")).toMatchObject({ bytes: 5 });
    expect(await fs.readFile(path.join(ctx.workspaceDir, "out/new.txt"), "utf8")).toBe("hello");
    const found = (await filesSearch.execute(filesSearch.inputSchema.parse({ query: "ALPHA" }), ctx)) as {
      matches: { path: string; line: number }[];
    };
    expect(found.matches).toEqual([
      { path: "notes.md", line: 2, text: "alpha line" },
      { path: "sub/deep.txt", line: 1, text: "gamma alpha" },
    ]);
  });

  it.each(["../secret.txt", "sub/../../secret.txt", path.join("/etc", "passwd"), "..", "a\0b"])(
    "refuses traversal: %s",
    async (p) => {
      await expect(read(p)).rejects.toThrow(/outside the workspace/);
      await expect(write(p, "x")).rejects.toThrow(/outside the workspace/);
    },
  );

  it("refuses to read or write through a symlink that leaves the workspace", async () => {
    await expect(read("escape-file")).rejects.toThrow(/outside the workspace/);
    await expect(write("escape-file", "pwned")).rejects.toThrow(/outside the workspace/);
    await expect(write("escape-dir/planted.txt", "pwned")).rejects.toThrow(/outside the workspace/);
    await expect(filesList.execute(filesList.inputSchema.parse({ path: "escape-dir" }), ctx)).rejects.toThrow(
      /outside the workspace/,
    );
    expect(await fs.readFile(path.join(base, "secret.txt"), "utf8")).toBe("TOP SECRET outside");
    await expect(fs.stat(path.join(base, "outside-dir", "planted.txt"))).rejects.toThrow();
  });

  it("search does not follow links out of the workspace", async () => {
    const found = (await filesSearch.execute(filesSearch.inputSchema.parse({ query: "TOP SECRET" }), ctx)) as {
      matches: unknown[];
    };
    expect(found.matches).toEqual([]);
  });

  it("enforces size limits and refuses binary files", async () => {
    expect(await write("big.txt", "x".repeat(MAX_FILE_BYTES + 1))).toMatch(/at most/);
    await fs.writeFile(path.join(ctx.workspaceDir, "bin.dat"), Buffer.from([1, 0, 2]));
    expect(await read("bin.dat")).toMatch(/binary file/);
    await fs.writeFile(path.join(ctx.workspaceDir, "large.txt"), "y".repeat(MAX_FILE_BYTES + 10));
    const large = (await read("large.txt")) as { content: string; nextOffset: number };
    expect(large.content.length).toBe(MAX_FILE_BYTES);
    expect(large.nextOffset).toBe(MAX_FILE_BYTES);
  });

  it("answers plainly for a missing file", async () => {
    expect(await read("missing.txt")).toMatch(/no file "missing.txt"/);
  });
});
