import { describe, expect, it } from "vitest";
import { appendChatMessage } from "@/server/chat/messages";
import { buildModelMessages } from "@/server/chat/request";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

const text = (t: string) => [{ type: "text" as const, text: t }];

describe("reading one session", () => {
  it("returns exactly what Prisma returns (every column, booleans and dates), and only to its owner", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const created = await owner.caller.chat.create({ title: "Raw read", modelId: "ollama:llama3.2" });
    await db.chatSession.update({
      where: { id: created.id },
      data: { pinned: true, useDocuments: true, kbNamespace: "docs" },
    });
    await appendChatMessage({ sessionId: created.id, role: "user", parts: text("Hello") });
    const viaPrisma = await db.chatSession.findUniqueOrThrow({ where: { id: created.id } });
    expect(await getChatSessionOrThrow({ id: created.id, userId: owner.user.id })).toEqual(viaPrisma);
    await expect(getChatSessionOrThrow({ id: created.id, userId: other.user.id })).rejects.toThrow(/not found/i);
  });

  it("lists sessions with every column, the message count and the newest message's start; % and _ in a search are literal", async () => {
    const { user, caller } = await makeUser();
    const a = await caller.chat.create({ title: "Budget 100% done" });
    const b = await caller.chat.create({ title: "Plans" });
    await appendChatMessage({ sessionId: b.id, role: "user", parts: text("first") });
    await appendChatMessage({ sessionId: b.id, role: "assistant", parts: text(`snake_case ${"x".repeat(200)}`) });
    const listed = await caller.chat.list();
    const viaPrisma = await db.chatSession.findMany({
      where: { userId: user.id },
      orderBy: [{ pinned: "desc" }, { lastMessageAt: "desc" }],
    });
    expect(listed.map(({ messageCount: _c, preview: _p, ...row }) => row)).toEqual(viaPrisma);
    expect(listed.find((s) => s.id === b.id)).toMatchObject({
      messageCount: 2,
      preview: `snake_case ${"x".repeat(129)}`,
    });
    expect(listed.find((s) => s.id === a.id)).toMatchObject({ messageCount: 0, preview: "" });
    expect((await caller.chat.list({ search: "100%" })).map((s) => s.id)).toEqual([a.id]);
    expect((await caller.chat.list({ search: "0%" })).map((s) => s.id)).toEqual([a.id]);
    expect((await caller.chat.list({ search: "e_c" })).map((s) => s.id)).toEqual([b.id]);
    expect(await caller.chat.list({ search: "e%c" })).toEqual([]);
  });
});

describe("chat sessions through the tRPC router", () => {
  it("creates, lists with search, renames, pins, archives, duplicates and deletes", async () => {
    const { caller } = await makeUser();
    const a = await caller.chat.create();
    expect(a.title).toBe("New chat");
    const b = await caller.chat.create({ title: "Recipes" });
    await appendChatMessage({ sessionId: a.id, role: "user", parts: text("Tell me about quantum foxes\nplease") });
    await appendChatMessage({ sessionId: a.id, role: "assistant", parts: text("**Foxes** `tunnel`.") });

    const list = await caller.chat.list();
    expect(list.map((s) => s.title)).toEqual(["Tell me about quantum foxes", "Recipes"]);
    // The preview is the words of the newest message, without its Markdown.
    expect(list[0]).toMatchObject({ messageCount: 2, preview: "Foxes tunnel." });
    expect((await caller.chat.list({ search: "tunnel" })).map((s) => s.id)).toEqual([a.id]);
    expect((await caller.chat.list({ search: "recip" })).map((s) => s.id)).toEqual([b.id]);

    await caller.chat.rename({ id: b.id, title: "  Dinner ideas " });
    await caller.chat.pin({ id: b.id, pinned: true });
    expect((await caller.chat.list()).map((s) => s.title)).toEqual(["Dinner ideas", "Tell me about quantum foxes"]);

    await caller.chat.archive({ id: b.id, archived: true });
    expect((await caller.chat.list()).map((s) => s.id)).toEqual([a.id]);
    expect((await caller.chat.list({ archived: true })).map((s) => s.id)).toEqual([b.id]);

    const copy = await caller.chat.duplicate({ id: a.id });
    expect(copy.title).toBe("Tell me about quantum foxes (copy)");
    const copied = await caller.chat.get({ id: copy.id });
    expect(copied.messages.map((m) => [m.role, m.parts])).toEqual([
      ["user", text("Tell me about quantum foxes\nplease")],
      ["assistant", text("**Foxes** `tunnel`.")],
    ]);

    await caller.chat.delete({ id: a.id });
    await expect(caller.chat.get({ id: a.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await caller.chat.get({ id: copy.id })).messages).toHaveLength(2);
  });

  it("hides another user's session: NOT_FOUND for every operation", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const s = await owner.caller.chat.create({ title: "Private" });
    for (const call of [
      () => other.caller.chat.get({ id: s.id }),
      () => other.caller.chat.rename({ id: s.id, title: "Mine now" }),
      () => other.caller.chat.pin({ id: s.id, pinned: true }),
      () => other.caller.chat.archive({ id: s.id, archived: true }),
      () => other.caller.chat.duplicate({ id: s.id }),
      () => other.caller.chat.delete({ id: s.id }),
      () => other.caller.chat.export({ id: s.id, format: "md" }),
      () => other.caller.chat.setModel({ id: s.id, modelId: "ollama:llama3.2" }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await other.caller.chat.list()).toEqual([]);
    expect((await owner.caller.chat.get({ id: s.id })).session.title).toBe("Private");
  });

  it("refuses bad input with a sentence", async () => {
    const { caller } = await makeUser();
    const s = await caller.chat.create();
    await expect(caller.chat.rename({ id: s.id, title: "   " })).rejects.toThrow(/Give the chat a title/);
    await expect(caller.chat.setModel({ id: s.id, modelId: "gpt" })).rejects.toThrow(/not a model id/);
    await expect(caller.chat.export({ id: s.id, format: "pdf" as "md" })).rejects.toThrow(/txt, md or json/);
  });

  it("keeps regenerated answers as alternatives and leaves them and errors out of the model request", async () => {
    const { caller } = await makeUser();
    const s = await caller.chat.create();
    const q = await appendChatMessage({ sessionId: s.id, role: "user", parts: text("Hi") });
    await appendChatMessage({
      sessionId: s.id,
      role: "system",
      parentId: q.id,
      status: "error",
      error: "down",
      parts: text("Ollama is down"),
    });
    await appendChatMessage({ sessionId: s.id, role: "assistant", parentId: q.id, parts: text("First answer") });
    await appendChatMessage({ sessionId: s.id, role: "assistant", parentId: q.id, parts: text("Second answer") });
    const { messages } = await caller.chat.get({ id: s.id });
    expect(messages.map((m) => m.parts)).toEqual([text("Hi"), text("Second answer")]);
    expect(messages[1]!.metadata!.alternatives!.map((a) => a.parts)).toEqual([text("First answer")]);
    expect(buildModelMessages(messages)).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Second answer" },
    ]);
  });

  it("exports txt, md and json", async () => {
    const { caller } = await makeUser();
    const s = await caller.chat.create({ title: "Fox facts!" });
    const q = await appendChatMessage({ sessionId: s.id, role: "user", parts: text("What does the fox say?") });
    await appendChatMessage({
      sessionId: s.id,
      role: "assistant",
      parentId: q.id,
      model: "ollama:llama3.2",
      parts: text("| a | b |\n|---|---|\n| 1 | 2 |"),
    });

    const txt = await caller.chat.export({ id: s.id, format: "txt" });
    expect(txt).toMatchObject({ fileName: "fox-facts.txt", contentType: "text/plain; charset=utf-8" });
    expect(txt.body).toBe("Fox facts!\n\nYou: What does the fox say?\n\nAssistant: | a | b |\n|---|---|\n| 1 | 2 |\n");

    const md = await caller.chat.export({ id: s.id, format: "md" });
    expect(md.fileName).toBe("fox-facts.md");
    expect(md.body).toContain("# Fox facts!\n\n**You**\n\nWhat does the fox say?\n");
    expect(md.body).toContain("**Assistant** (ollama:llama3.2)\n\n| a | b |");

    const json = JSON.parse((await caller.chat.export({ id: s.id, format: "json" })).body);
    expect(json).toMatchObject({
      id: s.id,
      title: "Fox facts!",
      messages: [
        { role: "user", text: "What does the fox say?" },
        { role: "assistant", model: "ollama:llama3.2" },
      ],
    });
  });
});
