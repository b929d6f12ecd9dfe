import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "@/lib/ai/tools/types";
import { MAX_FILE_BYTES, resolveInWorkspace } from "@/lib/ai/tools/workspace-path";

export const filesWrite = defineTool({
  name: "files_write",
  description: "Write a text file in the workspace folder (creates folders as needed; replaces the file, or appends).",
  inputSchema: z.strictObject({
    path: z.string().min(1).max(1000).describe("File path relative to the workspace."),
    content: z.string().describe("The text to write (at most 1 MB)."),
    append: z.boolean().default(false),
  }),
  risk: "writes_files",
  needsApproval: false,
  async execute(input, ctx) {
    const bytes = Buffer.byteLength(input.content, "utf8");
    if (bytes > MAX_FILE_BYTES) return `The content is ${bytes} bytes; files_write writes at most ${MAX_FILE_BYTES} bytes per call.`;
    const file = await resolveInWorkspace(ctx.workspaceDir, input.path);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // The folders were just created inside the workspace; check the final path again, then open
    // without following a link so a link swapped in afterwards cannot redirect the write.
    await resolveInWorkspace(ctx.workspaceDir, input.path);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (input.append ? constants.O_APPEND : constants.O_TRUNC);
    const handle = await fs.open(file, flags, 0o644).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ELOOP") return null;
      throw err;
    });
    if (!handle) return `"${input.path}" is a link; file tools do not write through links.`;
    try {
      await handle.writeFile(input.content, "utf8");
    } finally {
      await handle.close();
    }
    return { path: input.path, bytes, appended: input.append };
  },
});
