import "server-only";
import { db, preparedStatement } from "@/server/db";
import { type Column, columnList } from "@/server/db/sql";
import type { ChatSession } from "@/server/generated/prisma/client";

/**
 * ChatSession. The session is read by owner before the model is called on every turn and the
 * list is refreshed after every turn, so both are prepared statements (docs/benchmarks.md);
 * the rest is Prisma.
 */

const SESSION_FIELDS = [
  "id",
  "userId",
  "title",
  "modelId",
  "agentId",
  "teamId",
  "useDocuments",
  "kbNamespace",
  "pinned",
  "archived",
  "lastMessageAt",
  "createdAt",
  "updatedAt",
] as const satisfies readonly Column<"ChatSession">[];
const SESSION_COLUMNS = columnList("ChatSession", SESSION_FIELDS);

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

const sessionByOwner = preparedStatement<[string, string]>(
  `SELECT ${SESSION_COLUMNS} FROM "ChatSession" WHERE "id" = ? AND "userId" = ?`,
);

// Per-session subqueries on the (sessionId, seq) index: the list never loads a session's messages.
const LIST_COLUMNS = `${SESSION_COLUMNS},
  (SELECT count(*) FROM "ChatMessage" m WHERE m."sessionId" = s."id") AS messageCount,
  (SELECT substr(m."text", 1, 140) FROM "ChatMessage" m WHERE m."sessionId" = s."id" ORDER BY m."seq" DESC LIMIT 1) AS preview`;
const LIST_ORDER = `ORDER BY "pinned" DESC, "lastMessageAt" DESC LIMIT ?`;
const listAll = preparedStatement<[string, number, number]>(
  `SELECT ${LIST_COLUMNS} FROM "ChatSession" s WHERE "userId" = ? AND "archived" = ? ${LIST_ORDER}`,
);
const listSearch = preparedStatement<[string, number, string, string, number]>(
  `SELECT ${LIST_COLUMNS} FROM "ChatSession" s WHERE "userId" = ? AND "archived" = ?
     AND ("title" LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "ChatMessage" m WHERE m."sessionId" = s."id" AND m."text" LIKE ? ESCAPE '\\'))
   ${LIST_ORDER}`,
);

export async function insertChatSession(data: {
  userId: string;
  title: string;
  modelId: string | null;
  agentId: string | null;
}): Promise<ChatSession> {
  return db.chatSession.create({ data });
}

export async function getChatSessionByOwner(input: { id: string; userId: string }): Promise<ChatSession | null> {
  const row = (await sessionByOwner()).get(input.id, input.userId) as Record<string, unknown> | undefined;
  return row ? toChatSession(row) : null;
}

/**
 * Pinned first, then the most recently active, with each session's message count and the start
 * of its newest message. `likePattern` (with `\` as escape) matches the title or any message text.
 */
export async function listChatSessionsByOwner(input: {
  userId: string;
  archived: boolean;
  likePattern: string | null;
  limit: number;
}): Promise<(ChatSession & { messageCount: number; preview: string | null })[]> {
  const archived = input.archived ? 1 : 0;
  const rows = (
    input.likePattern !== null
      ? (await listSearch()).all(input.userId, archived, input.likePattern, input.likePattern, input.limit)
      : (await listAll()).all(input.userId, archived, input.limit)
  ) as (Record<string, unknown> & { messageCount: number; preview: string | null })[];
  return rows.map(({ messageCount, preview, ...row }) => ({ ...toChatSession(row), messageCount, preview }));
}

export async function updateChatSessionById(input: {
  id: string;
  changes: {
    title?: string;
    pinned?: boolean;
    archived?: boolean;
    modelId?: string | null;
    agentId?: string | null;
  };
}): Promise<ChatSession> {
  return db.chatSession.update({ where: { id: input.id }, data: input.changes });
}

/** Deletes the session (its messages and attachments go with it); returns the attachments' file paths. */
export async function deleteChatSessionById(input: { id: string }): Promise<string[]> {
  const files = await db.chatAttachment.findMany({ where: { sessionId: input.id }, select: { path: true } });
  await db.chatSession.delete({ where: { id: input.id } });
  return files.map((f) => f.path);
}

/**
 * A copy of `source` for `userId` named `title`, with every message (answers keep pointing at
 * their prompts' copies) and the attachments sent with them (sharing the stored files).
 */
export async function copyChatSession(input: { source: ChatSession; userId: string; title: string }) {
  const { source } = input;
  const messages = await db.chatMessage.findMany({ where: { sessionId: source.id }, orderBy: { seq: "asc" } });
  const attachments = await db.chatAttachment.findMany({ where: { sessionId: source.id, messageId: { not: null } } });
  return db.$transaction(async (tx) => {
    const copy = await tx.chatSession.create({
      data: {
        userId: input.userId,
        title: input.title,
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
