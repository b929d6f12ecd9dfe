import { describe, expect, it } from "vitest";
import type { ChatUIMessage } from "@/server/chat/messages";
import { buildModelMessages, type PromptAttachments } from "@/server/chat/request";

const msg = (id: string, role: ChatUIMessage["role"], text: string): ChatUIMessage => ({
  id,
  role,
  parts: [{ type: "text", text }],
});

describe("buildModelMessages with attachments", () => {
  const thread = [
    msg("u1", "user", "Read this"),
    msg("a1", "assistant", "Done."),
    msg("s1", "system", "An error notice"),
    msg("u2", "user", "And the picture?"),
  ];
  const attachments = new Map<string, PromptAttachments>([
    ["u1", { texts: [{ name: "a.txt", text: "alpha", truncated: true }], images: [] }],
    ["u2", { texts: [], images: [{ name: "p.png", mime: "image/png", data: new Uint8Array([1, 2, 3]) }] }],
  ]);

  it("adds extracted text after the prompt and images as file parts for a vision model", () => {
    const out = buildModelMessages(thread, { attachments, vision: true });
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({
      role: "user",
      content: [
        {
          type: "text",
          text: 'Read this\n\n<attachment name="a.txt">\nalpha\n[… the rest of this file was cut to fit the context]\n</attachment>',
        },
      ],
    });
    expect(out[1]).toEqual({ role: "assistant", content: "Done." });
    expect(out[2]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "And the picture?" },
        { type: "file", data: "AQID", mediaType: "image/png", filename: "p.png" },
      ],
    });
  });

  it("names the images instead of sending them to a model that cannot see", () => {
    const out = buildModelMessages(thread, { attachments, vision: false });
    expect(out[2]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "And the picture?\n\n[Images not shown to this model, which cannot see images: p.png]" },
      ],
    });
  });
});
