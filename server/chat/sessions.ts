import type { Database, Statement } from "better-sqlite3";
import { NotFoundError } from "@/lib/errors";
import { removeUnreferencedFiles } from "@/server/chat/upload-files";
import { db, sqlite } from "@/server/db";
import type { ChatSession } from "@/server/generated/prisma/client";

/** Chat sessions, always scoped to their owner: another user's session is "not found". */
export const DEFAULT_TITLE = "New chat";

export type ChatSessionRow = Awaited<ReturnType<typeof getChatSessionOrThrow>>;

export async function createChatSession(input: { userId: string; title?: string; modelId?: string | null; agentId?: string | null }) {
  return db.chatSession.create({
    data: { userId: input.userId, title: input.title?.trim() || DEFAULT_TITLE, modelId: input.modelId ?? null, agentId: input.agentId ?? null },
  });
}

const byOwner = new WeakMap<Database, Statement<[string, string]>>();

/** The stored row as Prisma would return it (SQLite keeps booleans as 0/1 and dates as text or epoch ms). */
function toChatSession(row: Record<string, unknown>): ChatSession {
  return {
    ...(row as Omit<ChatSession, "useDocuments" | "pinned" | "archived" | "lastMessageAt" | "createdAt" | "updatedAt">),
    useDocuments: row.useDocuments === 1,
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    lastMessageAt: new Date(row.lastMessageAt as string | number),
    createdAt: new Date(row.createdAt as string | number),
    updatedAt: new Date(row.updatedAt as string | number),
  };
}

/**
 * Read on every chat turn before the model is called, so through a prepared statement on the shared
 * connection (a Prisma query cost ~2 ms of the turn's time to first token).
 */
export async function getChatSessionOrThrow(input: { id: string; userId: string }): Promise<ChatSession> {
  const raw = await sqlite();
  let statement = byOwner.get(raw);
  if (!statement) {
    statement = raw
      .prepare<[string, string]>(
        `SELECT id, userId, title, modelId, agentId, teamId, useDocuments, kbNamespace, pinned, archived, lastMessageAt, createdAt, updatedAt
         FROM ChatSession WHERE id = ? AND userId = ?`,
      )
      .safeIntegers(false);
    byOwner.set(raw, statement);
  }
  const row = statement.get(input.id, input.userId) as Record<string, unknown> | undefined;
  if (!row) throw new NotFoundError("That chat");
  return toChatSession(row);
}

/** Pinned first, then the most recently active; search matches the title or any message text. */
export async function listChatSessionsByUser(input: { userId: string; search?: string; archived?: boolean; limit?: number }) {
  const search = input.search?.trim();
  const sessions = await db.chatSession.findMany({
    where: {
      userId: input.userId,
      archived: input.archived ?? false,
      ...(search ? { OR: [{ title: { contains: search } }, { messages: { some: { text: { contains: search } } } }] } : {}),
    },
    orderBy: [{ pinned: "desc" }, { lastMessageAt: "desc" }],
    take: input.limit ?? 200,
    include: {
      _count: { select: { messages: true } },
      messages: { orderBy: { seq: "desc" }, take: 1, select: { text: true, role: true } },
    },
  });
  return sessions.map(({ messages, _count, ...s }) => ({ ...s, messageCount: _count.messages, preview: messages[0]?.text.slice(0, 140) ?? "" }));
}

export async function updateChatSession(input: {
  id: string;
  userId: string;
  title?: string;
  pinned?: boolean;
  archived?: boolean;
  modelId?: string | null;
  agentId?: string | null;
}) {
  await getChatSessionOrThrow(input);
  const { id, userId: _userId, ...changes } = input;
  return db.chatSession.update({ where: { id }, data: changes });
}

/** Deletes the session with its messages and attachments, then the files nothing else uses. */
export async function deleteChatSession(input: { id: string; userId: string }) {
  await getChatSessionOrThrow(input);
  const files = await db.chatAttachment.findMany({ where: { sessionId: input.id }, select: { path: true } });
  await db.chatSession.delete({ where: { id: input.id } });
  await removeUnreferencedFiles(files.map((f) => f.path));
}

/**
 * A copy with every message and its attachments (sharing the stored files), so a conversation
 * can branch off without touching the original.
 */
export async function duplicateChatSession(input: { id: string; userId: string }) {
  const source = await getChatSessionOrThrow(input);
  const messages = await db.chatMessage.findMany({ where: { sessionId: source.id }, orderBy: { seq: "asc" } });
  const attachments = await db.chatAttachment.findMany({ where: { sessionId: source.id, messageId: { not: null } } });
  return db.$transaction(async (tx) => {
    const copy = await tx.chatSession.create({
      data: {
        userId: input.userId,
        title: `${source.title} (copy)`.slice(0, 120),
        modelId: source.modelId,
        agentId: source.agentId,
        lastMessageAt: source.lastMessageAt,
      },
    });
    const newIds = new Map<string, string>();
    for (const { id, sessionId: _s, createdAt: _c, updatedAt: _u, parentId, ...m } of messages) {
      const created = await tx.chatMessage.create({
        data: { ...m, sessionId: copy.id, parentId: parentId ? (newIds.get(parentId) ?? null) : null },
      });
      newIds.set(id, created.id);
    }
    for (const { id: _id, sessionId: _s, createdAt: _c, updatedAt: _u, messageId, ...a } of attachments) {
      await tx.chatAttachment.create({ data: { ...a, sessionId: copy.id, messageId: newIds.get(messageId!) ?? null } });
    }
    return copy;
  });
}
