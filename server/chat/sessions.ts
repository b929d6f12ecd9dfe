import { NotFoundError } from "@/lib/errors";
import { markdownPreview } from "@/lib/markdown-preview";
import { removeUnreferencedFiles } from "@/server/chat/upload-files";
import { db, preparedStatement } from "@/server/db";
import type { ChatSession } from "@/server/generated/prisma/client";

/** Chat sessions, always scoped to their owner: another user's session is "not found". */
export const DEFAULT_TITLE = "New chat";

export type ChatSessionRow = Awaited<ReturnType<typeof getChatSessionOrThrow>>;

export async function createChatSession(input: {
  userId: string;
  title?: string;
  modelId?: string | null;
  agentId?: string | null;
}) {
  return db.chatSession.create({
    data: {
      userId: input.userId,
      title: input.title?.trim() || DEFAULT_TITLE,
      modelId: input.modelId ?? null,
      agentId: input.agentId ?? null,
    },
  });
}

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

const SESSION_COLUMNS =
  "s.id, s.userId, s.title, s.modelId, s.agentId, s.teamId, s.useDocuments, s.kbNamespace, s.pinned, s.archived, s.lastMessageAt, s.createdAt, s.updatedAt";
const sessionByOwner = preparedStatement<[string, string]>(
  `SELECT ${SESSION_COLUMNS} FROM ChatSession s WHERE s.id = ? AND s.userId = ?`,
);

/**
 * Read on every chat turn before the model is called, so through a prepared statement on the shared
 * connection (a Prisma query cost ~2 ms of the turn's time to first token).
 */
export async function getChatSessionOrThrow(input: { id: string; userId: string }): Promise<ChatSession> {
  const row = (await sessionByOwner()).get(input.id, input.userId) as Record<string, unknown> | undefined;
  if (!row) throw new NotFoundError("That chat");
  return toChatSession(row);
}

const LIST_COLUMNS = `${SESSION_COLUMNS},
  (SELECT count(*) FROM ChatMessage m WHERE m.sessionId = s.id) AS messageCount,
  (SELECT substr(m.text, 1, 140) FROM ChatMessage m WHERE m.sessionId = s.id ORDER BY m.seq DESC LIMIT 1) AS preview`;
const LIST_ORDER = `ORDER BY s.pinned DESC, s.lastMessageAt DESC LIMIT ?`;
const listAll = preparedStatement<[string, number, number]>(
  `SELECT ${LIST_COLUMNS} FROM ChatSession s WHERE s.userId = ? AND s.archived = ? ${LIST_ORDER}`,
);
const listSearch = preparedStatement<[string, number, string, string, number]>(
  `SELECT ${LIST_COLUMNS} FROM ChatSession s WHERE s.userId = ? AND s.archived = ?
     AND (s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM ChatMessage m WHERE m.sessionId = s.id AND m.text LIKE ? ESCAPE '\\')) ${LIST_ORDER}`,
);

/** `%` and `_` typed in the search box are matched literally, as Prisma's `contains` does. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Pinned first, then the most recently active; search matches the title or any message text.
 * Refreshed after every chat turn, so one statement with per-session subqueries on the
 * (sessionId, seq) index: Prisma loaded each session's messages to count them and find the newest.
 */
export async function listChatSessionsByUser(input: {
  userId: string;
  search?: string;
  archived?: boolean;
  limit?: number;
}) {
  const search = input.search?.trim();
  const archived = input.archived ? 1 : 0;
  const limit = input.limit ?? 200;
  const rows = (
    search
      ? (await listSearch()).all(input.userId, archived, likePattern(search), likePattern(search), limit)
      : (await listAll()).all(input.userId, archived, limit)
  ) as (Record<string, unknown> & {
    messageCount: number;
    preview: string | null;
  })[];
  return rows.map(({ messageCount, preview, ...row }) => ({
    ...toChatSession(row),
    messageCount,
    preview: markdownPreview(preview ?? ""),
  }));
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
