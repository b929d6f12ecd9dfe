import { describe, expect, it } from "vitest";
import { appendChatMessage, getChatThread } from "@/server/chat/messages";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

const text = (t: string) => [{ type: "text" as const, text: t }];

describe("appendChatMessage", () => {
  it("numbers messages, names the session from the first prompt, binds files and reads back through Prisma", async () => {
    const { caller, user } = await makeUser();
    const session = await caller.chat.create();
    const file = await db.chatAttachment.create({
      data: {
        userId: user.id,
        sessionId: session.id,
        name: "a.txt",
        mime: "text/plain",
        size: 1,
        kind: "text",
        text: "a",
        path: "a",
      },
    });
    const prompt = await appendChatMessage({
      sessionId: session.id,
      role: "user",
      parts: text("  Plan a trip\nto Lisbon"),
      attachmentIds: [file.id],
    });
    const answer = await appendChatMessage({
      sessionId: session.id,
      role: "assistant",
      parts: text("Go in May."),
      parentId: prompt.id,
      model: "ollama:x",
      inputTokens: 3,
      costUsd: 0.5,
      agent: { id: "a1", name: "Planner", role: "lead" },
    });
    await appendChatMessage({ sessionId: session.id, role: "user", parts: text("Second prompt") });
    expect([prompt.seq, answer.seq]).toEqual([1, 2]);

    const stored = await db.chatMessage.findUniqueOrThrow({ where: { id: answer.id } });
    expect(stored).toEqual(answer);
    expect(stored.createdAt).toBeInstanceOf(Date);
    const after = await caller.chat.get({ id: session.id });
    expect(after.session.title).toBe("Plan a trip");
    expect(after.session.lastMessageAt!.getTime()).toBeGreaterThanOrEqual(answer.createdAt.getTime());
    const thread = await getChatThread({ sessionId: session.id });
    expect(thread.map((m) => m.metadata?.attachments?.map((a) => a.id) ?? [])).toEqual([[file.id], [], []]);
    expect(thread[1]!.metadata).toMatchObject({
      model: "ollama:x",
      inputTokens: 3,
      costUsd: 0.5,
      agentName: "Planner",
      agentRole: "lead",
      parentId: prompt.id,
    });
  });

  it("refuses a session that is gone", async () => {
    await expect(appendChatMessage({ sessionId: "missing", role: "user", parts: text("hi") })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
