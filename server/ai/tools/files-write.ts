import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { MAX_FILE_BYTES, writeWorkspaceFile } from "@/server/ai/tools/workspace-path";

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
    if (bytes > MAX_FILE_BYTES)
      return `The content is ${bytes} bytes; files_write writes at most ${MAX_FILE_BYTES} bytes per call.`;
    await writeWorkspaceFile(ctx.workspaceDir, input.path, input.content, { append: input.append });
    return { path: input.path, bytes, appended: input.append };
  },
});
