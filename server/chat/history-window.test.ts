import { describe, expect, it } from "vitest";
import { currentFlow, firstPageSize, fitHistory, loadHistoryWindow } from "@/server/chat/history-window";
import {
  appendChatMessage,
  type ChatRole,
  currentThread,
  getChatThread,
  listChatMessagesBySession,
  toUIMessage,
} from "@/server/chat/messages";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

const text = (t: string) => [{ type: "text" as const, text: t }];

/** currentThread as it was before it was made linear (a filter over all rows per answer): the reference. */
function quadraticThread(rows: Awaited<ReturnType<typeof listChatMessagesBySession>>) {
  const latestAnswer = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (row.role !== "user" && row.parentId) latestAnswer.set(row.parentId, row);
  const out = [];
  for (const row of rows) {
    if (row.role !== "user" && row.parentId && latestAnswer.get(row.parentId) !== row) continue;
    const message = toUIMessage(row);
    if (row.role !== "user" && row.parentId) {
      const older = rows
        .filter((r) => r.parentId === row.parentId && r !== row && r.role === "assistant")
        .map(toUIMessage);
      if (older.length) message.metadata!.alternatives = older;
    }
    out.push(message);
  }
  return out;
}

/** A session with regenerated answers, an error notice that replaced an answer, and a retried error. */
async function branchySession() {
  const { caller, user } = await makeUser();
  const session = await caller.chat.create();
  const add = (role: ChatRole, t: string, parentId?: string, status?: "error") =>
    appendChatMessage({
      sessionId: session.id,
      role,
      parts: text(t),
      parentId: parentId ?? null,
      ...(status ? { status, error: t } : {}),
    });
  const p1 = await add("user", "first question");
  await add("assistant", "first answer", p1.id);
  await add("assistant", "first answer, again", p1.id);
  const p2 = await add("user", "second question");
  await add("assistant", "second answer", p2.id);
  await add("system", "The provider failed.", p2.id, "error");
  const p3 = await add("user", "third question");
  await add("system", "Timed out.", p3.id, "error");
  await add("assistant", "third answer after a retry", p3.id);
  const p4 = await add("user", "fourth question");
  return { session, user, prompts: [p1, p2, p3, p4] };
}

describe("reading a thread", () => {
  it("reads every message and its files as Prisma does, from a given seq on", async () => {
    const { session, user, prompts } = await branchySession();
    const file = await db.chatAttachment.create({
      data: {
        sessionId: session.id,
        userId: user.id,
        messageId: prompts[1]!.id,
        name: "notes.txt",
        mime: "text/plain",
        size: 12,
        kind: "text",
        text: "hello",
        path: "x",
        truncated: true,
      },
    });
    const viaPrisma = await db.chatMessage.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: "asc" },
      include: {
        attachments: {
          select: { id: true, name: true, mime: true, size: true, kind: true, truncated: true },
          orderBy: { createdAt: "asc" },
        },
      },
    });
    const pick = ({
      id,
      role,
      parts,
      status,
      model,
      parentId,
      inputTokens,
      outputTokens,
      latencyMs,
      costUsd,
      error,
      createdAt,
      agentName,
      agentRole,
      attachments,
    }: (typeof viaPrisma)[number]) => ({
      id,
      role,
      parts,
      status,
      model,
      parentId,
      inputTokens,
      outputTokens,
      latencyMs,
      costUsd,
      error,
      createdAt,
      agentName,
      agentRole,
      attachments,
    });
    expect(await listChatMessagesBySession({ sessionId: session.id })).toEqual(viaPrisma.map(pick));
    expect(
      (await listChatMessagesBySession({ sessionId: session.id })).find((r) => r.id === prompts[1]!.id)!.attachments,
    ).toEqual([{ id: file.id, name: "notes.txt", mime: "text/plain", size: 12, kind: "text", truncated: true }]);
    const from = viaPrisma.find((r) => r.id === prompts[2]!.id)!;
    expect(await listChatMessagesBySession({ sessionId: session.id, fromSeq: from.seq })).toEqual(
      viaPrisma.filter((r) => r.seq >= from.seq).map(pick),
    );
  });
});

describe("currentThread", () => {
  it("gives the same thread as the quadratic version, alternatives included", async () => {
    const { session } = await branchySession();
    const rows = await listChatMessagesBySession({ sessionId: session.id });
    expect(currentThread(rows)).toEqual(quadraticThread(rows));
    expect(currentThread(rows).map((m) => m.parts[0]!.type === "text" && m.parts[0]!.text)).toEqual([
      "first question",
      "first answer, again",
      "second question",
      "The provider failed.",
      "third question",
      "third answer after a retry",
      "fourth question",
    ]);
  });
});

describe("history window", () => {
  const row = (role: ChatRole, chars: number, parentId: string | null = null) => ({ role, chars, parentId });

  it("keeps the newest messages that fit, always the prompt, and starts at a prompt", () => {
    // Newest first: prompt (40 chars = 10 + 4 tokens), answer, prompt, answer, prompt.
    const rows = [row("user", 40), row("assistant", 400), row("user", 40), row("assistant", 400), row("user", 40)];
    expect(fitHistory(rows, 1000)).toEqual({ rows: [...rows].reverse(), full: false });
    // 14 + 104 + 14 = 132 fit in 140; the next answer does not, so the window is the last exchange and the prompt.
    expect(fitHistory(rows, 140)).toEqual({ rows: rows.slice(0, 3).reverse(), full: true });
    // 14 + 104 = 118 fit in 120, but an answer without its question is dropped.
    expect(fitHistory(rows, 120)).toEqual({ rows: [rows[0]], full: true });
    // A prompt larger than the budget still goes.
    expect(fitHistory([row("user", 4000)], 10).rows).toHaveLength(1);
    // Error notices are not sent, so they cost nothing.
    expect(fitHistory([row("user", 40), row("system", 4000), row("user", 40)], 28).full).toBe(false);
  });

  it("takes the latest answer of each prompt, newest first", () => {
    const rows = [
      row("user", 1),
      row("assistant", 1, "p2"),
      row("system", 1, "p2"),
      row("user", 1),
      row("assistant", 1, "p1"),
      row("assistant", 1, "p1"),
    ];
    expect(currentFlow(rows)).toEqual([rows[0], rows[1], rows[3], rows[4]]);
  });

  it("loads the same history as the whole thread when nothing limits it, and only the tail with a budget", async () => {
    const { session, prompts } = await branchySession();
    const thread = await getChatThread({ sessionId: session.id });
    const p4 = await db.chatMessage.findUniqueOrThrow({ where: { id: prompts[3]!.id } });
    const whole = await loadHistoryWindow({ sessionId: session.id, promptSeq: p4.seq, budgetTokens: null });
    const shape = (ms: typeof thread) => ms.map((m) => [m.id, m.role, m.parts]);
    expect(shape(whole)).toEqual(shape(thread));
    expect(shape(await loadHistoryWindow({ sessionId: session.id, promptSeq: p4.seq, budgetTokens: 100_000 }))).toEqual(
      shape(thread),
    );
    // Regenerating the third prompt: its own answers (saved after it) stay out.
    const p3 = await db.chatMessage.findUniqueOrThrow({ where: { id: prompts[2]!.id } });
    const upToThird = await loadHistoryWindow({ sessionId: session.id, promptSeq: p3.seq, budgetTokens: null });
    expect(upToThird.at(-1)!.id).toBe(p3.id);
    expect(shape(upToThird)).toEqual(shape(thread.slice(0, thread.findIndex((m) => m.id === p3.id) + 1)));
    // A small budget: 8 + 11 + 8 tokens fit in 30, the second prompt would not.
    const tail = await loadHistoryWindow({ sessionId: session.id, promptSeq: p4.seq, budgetTokens: 30 });
    // ("Timed out." was replaced by the retry's answer; the second exchange's error notice is not left dangling at the start.)
    expect(tail.map((m) => m.parts[0]!.type === "text" && m.parts[0]!.text)).toEqual([
      "third question",
      "third answer after a retry",
      "fourth question",
    ]);
  });

  it("sizes the first read to the budget, within bounds", () => {
    expect(firstPageSize(3072)).toBe(48);
    expect(firstPageSize(100)).toBe(16);
    expect(firstPageSize(1_000_000)).toBe(120);
  });

  it("reads further pages when short messages fill more rows than the first read holds", async () => {
    const { caller } = await makeUser();
    const session = await caller.chat.create();
    let last = { id: "", seq: 0 };
    for (let i = 0; i < 150; i++) {
      const prompt = await appendChatMessage({ sessionId: session.id, role: "user", parts: text(`q${i}`) });
      await appendChatMessage({ sessionId: session.id, role: "assistant", parts: text(`a${i}`), parentId: prompt.id });
      last = prompt;
    }
    // 5 or 6 tokens a message: 1,000 tokens take ~180 messages, past the first read of 16 and the second of 64.
    const window = await loadHistoryWindow({ sessionId: session.id, promptSeq: last.seq, budgetTokens: 1000 });
    expect(window.length).toBeGreaterThan(64);
    expect(window.length).toBeLessThan(299);
    expect(window[0]!.role).toBe("user");
    expect(window.at(-1)!.id).toBe(last.id);
    const tokens = window.reduce(
      (n, m) => n + Math.ceil((m.parts[0]!.type === "text" ? m.parts[0]!.text.length : 0) / 4) + 4,
      0,
    );
    expect(tokens).toBeLessThanOrEqual(1000);
    expect(tokens).toBeGreaterThan(1000 - 2 * 6);
  });

  it("reads a long session's tail in pages and carries the prompts' attachments", async () => {
    const { caller, user } = await makeUser();
    const session = await caller.chat.create();
    let last = { id: "", seq: 0 };
    for (let i = 0; i < 300; i++) {
      const prompt = await appendChatMessage({
        sessionId: session.id,
        role: "user",
        parts: text(`question ${i} ${"x".repeat(36)}`),
      });
      await appendChatMessage({
        sessionId: session.id,
        role: "assistant",
        parts: text(`answer ${i} ${"y".repeat(388)}`),
        parentId: prompt.id,
      });
      last = prompt;
    }
    const file = await db.chatAttachment.create({
      data: {
        userId: user.id,
        sessionId: session.id,
        messageId: last.id,
        name: "notes.txt",
        mime: "text/plain",
        size: 5,
        kind: "text",
        text: "hello",
        path: "x",
      },
    });
    const all = await loadHistoryWindow({ sessionId: session.id, promptSeq: last.seq + 1, budgetTokens: 1_000_000 });
    expect(all).toHaveLength(600);
    const window = await loadHistoryWindow({ sessionId: session.id, promptSeq: last.seq + 1, budgetTokens: 1500 });
    // Each exchange is about 14 + 104 tokens: 12 of them fit in 1,500.
    expect(window).toHaveLength(24);
    expect(window[0]!.role).toBe("user");
    expect(window.find((m) => m.id === last.id)!.metadata?.attachments).toEqual([
      { id: file.id, name: "notes.txt", mime: "text/plain", size: 5, kind: "text", truncated: false },
    ]);
    expect(new Date(window[0]!.metadata!.createdAt).getTime()).toBeGreaterThan(0);
  });
});
