import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import {
  MAX_FILE_BYTES,
  openRegularFile,
  resolveInWorkspace,
  workspaceRelative,
} from "@/server/ai/tools/workspace-path";

const MAX_MATCHES = 100;
const MAX_FILES = 2000;

export const filesSearch = defineTool({
  name: "files_search",
  description:
    "Search the text files of the workspace for a phrase (case-insensitive). Returns file, line number and line.",
  inputSchema: z.strictObject({
    query: z.string().min(1).max(200).describe("Text to look for."),
    path: z.string().max(1000).default(".").describe("Folder to search in, relative to the workspace."),
  }),
  risk: "safe",
  needsApproval: false,
  async execute(input, ctx) {
    const root = await resolveInWorkspace(ctx.workspaceDir, input.path);
    const needle = input.query.toLowerCase();
    const matches: { path: string; line: number; text: string }[] = [];
    const queue = [root];
    let scanned = 0;
    while (queue.length > 0 && matches.length < MAX_MATCHES && scanned < MAX_FILES) {
      if (ctx.signal.aborted) break;
      const dir = queue.shift()!;
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const abs = path.join(dir, entry.name);
        // Links are skipped: following one could read outside the workspace.
        if (entry.isDirectory()) queue.push(abs);
        if (!entry.isFile()) continue;
        scanned++;
        // Opened without blocking and checked again: the entry may have been swapped for a FIFO.
        const handle = await openRegularFile(abs, workspaceRelative(ctx.workspaceDir, abs), constants.O_RDONLY).catch(
          () => null,
        );
        if (!handle) continue;
        let buffer: Buffer;
        try {
          if ((await handle.stat()).size > MAX_FILE_BYTES) continue;
          buffer = await handle.readFile();
        } finally {
          await handle.close();
        }
        if (buffer.includes(0)) continue;
        const lines = buffer.toString("utf8").split(/\r?\n/);
        for (let i = 0; i < lines.length && matches.length < MAX_MATCHES; i++) {
          if (lines[i]!.toLowerCase().includes(needle)) {
            matches.push({
              path: workspaceRelative(ctx.workspaceDir, abs),
              line: i + 1,
              text: lines[i]!.slice(0, 300),
            });
          }
        }
      }
    }
    return { matches, truncated: matches.length >= MAX_MATCHES || scanned >= MAX_FILES };
  },
});
