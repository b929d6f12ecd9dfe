import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { saveChatAttachment } from "@/server/chat/attachments";
import { appendChatMessage } from "@/server/chat/messages";
import { uploadsRoot } from "@/server/chat/upload-files";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

describe("attachments through duplicate and delete", () => {
  it("a duplicated session shares the stored file, which goes only when no session uses it", async () => {
    const { user, caller } = await makeUser();
    const session = await caller.chat.create();
    const info = await saveChatAttachment({
      userId: user.id,
      sessionId: session.id,
      name: "keep.txt",
      mime: "text/plain",
      data: new TextEncoder().encode("kept text"),
    });
    await appendChatMessage({
      sessionId: session.id,
      role: "user",
      parts: [{ type: "text", text: "see file" }],
      attachmentIds: [info.id],
    });
    const file = path.join(uploadsRoot(), (await db.chatAttachment.findUniqueOrThrow({ where: { id: info.id } })).path);

    const copy = await caller.chat.duplicate({ id: session.id });
    expect((await caller.chat.get({ id: copy.id })).messages[0]!.metadata!.attachments!.map((a) => a.name)).toEqual([
      "keep.txt",
    ]);
    await caller.chat.delete({ id: session.id });
    expect(existsSync(file)).toBe(true);
    await caller.chat.delete({ id: copy.id });
    expect(existsSync(file)).toBe(false);
  });

  it("another user's session cannot receive files", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const session = await owner.caller.chat.create();
    await expect(
      saveChatAttachment({
        userId: other.user.id,
        sessionId: session.id,
        name: "x.txt",
        mime: "text/plain",
        data: new Uint8Array([65]),
      }),
    ).rejects.toThrow(/not found/);
  });
});
