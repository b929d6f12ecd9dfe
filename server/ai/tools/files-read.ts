import { constants, promises as fs } from "node:fs";
import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { MAX_FILE_BYTES, openRegularFile, resolveInWorkspace } from "@/server/ai/tools/workspace-path";

export const filesRead = defineTool({
  name: "files_read",
  description: "Read a text file from the workspace folder. Large files are cut at 1 MB; use offset to read further.",
  inputSchema: z.strictObject({
    path: z.string().min(1).max(1000).describe("File path relative to the workspace."),
    offset: z.number().int().min(0).default(0).describe("Byte offset to start reading at."),
  }),
  risk: "safe",
  needsApproval: false,
  async execute(input, ctx) {
    const file = await resolveInWorkspace(ctx.workspaceDir, input.path);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) return `There is no file "${input.path}" in the workspace.`;
    const length = Math.max(0, Math.min(MAX_FILE_BYTES, stat.size - input.offset));
    const handle = await openRegularFile(file, input.path, constants.O_RDONLY);
    try {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, input.offset);
      if (buffer.includes(0))
        return `"${input.path}" is a binary file (${stat.size} bytes); only text files can be read.`;
      const end = input.offset + length;
      return {
        path: input.path,
        size: stat.size,
        content: buffer.toString("utf8"),
        ...(end < stat.size ? { nextOffset: end } : {}),
      };
    } finally {
      await handle.close();
    }
  },
});
