import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { z } from "zod";
import { defineTool } from "@/lib/tools/types";
import { writeWorkspaceFile } from "@/server/ai/tools/workspace-path";

/** Markdown-lite to Word paragraphs: "#" headings, "-"/"*" bullets, **bold**, blank-line paragraphs. */
function toParagraphs(markdown: string): Paragraph[] {
  const headings = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];
  const runs = (text: string) =>
    text
      .split(/(\*\*[^*]+\*\*)/)
      .filter(Boolean)
      .map((part) =>
        part.startsWith("**") && part.endsWith("**")
          ? new TextRun({ text: part.slice(2, -2), bold: true })
          : new TextRun(part),
      );
  return markdown
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const heading = line.match(/^(#{1,3})\s+(.*)$/);
      if (heading) return new Paragraph({ heading: headings[heading[1]!.length - 1], children: runs(heading[2]!) });
      const bullet = line.match(/^\s*[-*]\s+(.*)$/);
      if (bullet) return new Paragraph({ bullet: { level: 0 }, children: runs(bullet[1]!) });
      return new Paragraph({ children: runs(line) });
    });
}

export const documentCreate = defineTool({
  name: "document_create",
  description:
    "Create a Word document (.docx) in the workspace from a title and Markdown-style text (# headings, - bullets, **bold**). Returns its path.",
  inputSchema: z.strictObject({
    path: z
      .string()
      .min(1)
      .max(1000)
      .regex(/\.docx$/i, "The path must end in .docx.")
      .describe("Where to save it, relative to the workspace."),
    title: z.string().max(300).optional(),
    content: z.string().max(500_000).describe("The body text."),
  }),
  risk: "writes_files",
  needsApproval: false,
  async execute(input, ctx) {
    const children = [
      ...(input.title ? [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] })] : []),
      ...toParagraphs(input.content),
    ];
    const doc = new Document({ creator: "Local Agent Platform", title: input.title ?? "", sections: [{ children }] });
    const buffer = await Packer.toBuffer(doc);
    await writeWorkspaceFile(ctx.workspaceDir, input.path, buffer);
    return { path: input.path, bytes: buffer.length, paragraphs: children.length };
  },
});
