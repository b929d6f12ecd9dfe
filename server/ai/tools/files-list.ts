import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { resolveInWorkspace, workspaceRelative } from "@/server/ai/tools/workspace-path";

const MAX_ENTRIES = 500;

export const filesList = defineTool({
  name: "files_list",
  description:
    "List files and folders in the workspace folder (or a sub-folder of it). Paths are relative to the workspace.",
  inputSchema: z.strictObject({
    path: z.string().max(1000).default(".").describe("Folder relative to the workspace; '.' is the workspace itself."),
    recursive: z.boolean().default(false).describe("Also list sub-folders (up to 500 entries)."),
  }),
  risk: "safe",
  needsApproval: false,
  async execute(input, ctx) {
    const dir = await resolveInWorkspace(ctx.workspaceDir, input.path);
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) return `"${input.path}" is not a folder in the workspace.`;
    const entries: { path: string; type: "file" | "folder" | "link"; size?: number }[] = [];
    const queue = [dir];
    let truncated = false;
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const entry of await fs.readdir(current, { withFileTypes: true })) {
        if (entries.length >= MAX_ENTRIES) {
          truncated = true;
          break;
        }
        const abs = path.join(current, entry.name);
        const rel = workspaceRelative(ctx.workspaceDir, abs);
        // Links are listed but never followed: their target may be outside the workspace.
        if (entry.isSymbolicLink()) entries.push({ path: rel, type: "link" });
        else if (entry.isDirectory()) {
          entries.push({ path: rel, type: "folder" });
          if (input.recursive) queue.push(abs);
        } else if (entry.isFile()) entries.push({ path: rel, type: "file", size: (await fs.stat(abs)).size });
      }
      if (truncated) break;
    }
    return { entries, truncated };
  },
});
