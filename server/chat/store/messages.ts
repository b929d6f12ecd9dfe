import "server-only";
import type { AttachmentInfo } from "@/server/chat/attachments";
import { ATTACHMENT_INFO_FIELDS, type AttachmentInfoRow, aliased, filesByMessage } from "@/server/chat/store/rows";
import { db, preparedStatement, sqlite } from "@/server/db";
import { type Column, columnList, insertSql, newRowId, rowDefaults } from "@/server/db/sql";
import type { ChatMessage } from "@/server/generated/prisma/client";

/**
 * ChatMessage. Appending a message, reading a thread and finding the latest prompt run before the
 * model is called or after every turn, so they are prepared statements on the shared connection
 * (docs/benchmarks.md); the rest is Prisma.
 */

const MESSAGE_FIELDS = [
  "id",
  "sessionId",
  "seq",
  "role",
  "parts",
  "text",
  "model",
  "parentId",
  "status",
  "inputTokens",
  "outputTokens",
  "latencyMs",
  "costUsd",
  "error",
  "agentId",
  "agentName",
  "agentRole",
  "createdAt",
  "updatedAt",
] as const satisfies readonly Column<"ChatMessage">[];

const THREAD_FIELDS = [
  "id",
  "role",
  "parts",
  "status",
  "model",
  "parentId",
  "inputTokens",
  "outputTokens",
  "latencyMs",
  "costUsd",
  "error",
  "createdAt",
  "agentName",
  "agentRole",
] as const satisfies readonly Column<"ChatMessage">[];

/** What the page shows of a saved message (ChatMessage columns) with the files sent with it. */
export type ThreadRow = Pick<ChatMessage, (typeof THREAD_FIELDS)[number]> & { attachments: AttachmentInfo[] };

/** A new message; the store numbers it and fills in its timestamps, and its id unless chosen (newChatMessageId). */
export type NewChatMessageRow = Omit<ChatMessage, "id" | "seq" | "createdAt" | "updatedAt"> & { id?: string };

/** An id for a message saved later, e.g. an answer the page shows under its final id while it streams. */
export function newChatMessageId(): string {
  return newRowId();
}

const touchSession = preparedStatement<[{ at: string; title: string | null; defaultTitle: string; sessionId: string }]>(
  `UPDATE "ChatSession" SET "lastMessageAt" = @at, "updatedAt" = @at,
     "title" = CASE WHEN @title IS NOT NULL AND "title" = @defaultTitle THEN @title ELSE "title" END
   WHERE "id" = @sessionId`,
);
const nextSeq = preparedStatement<[string]>(
  `SELECT COALESCE(MAX("seq"), 0) + 1 AS seq FROM "ChatMessage" WHERE "sessionId" = ?`,
);
const insertMessage = preparedStatement<[Record<Column<"ChatMessage">, unknown>]>(
  insertSql("ChatMessage", MESSAGE_FIELDS),
);
const attachFiles = preparedStatement<[{ id: string; at: string; ids: string; sessionId: string }]>(
  `UPDATE "ChatAttachment" SET "messageId" = @id, "updatedAt" = @at
   WHERE "id" IN (SELECT value FROM json_each(@ids)) AND "sessionId" = @sessionId AND "messageId" IS NULL`,
);
const threadMessages = preparedStatement<[string, number]>(
  `SELECT ${columnList("ChatMessage", THREAD_FIELDS)} FROM "ChatMessage"
   WHERE "sessionId" = ? AND "seq" >= ? ORDER BY "seq"`,
);
const threadFiles = preparedStatement<[string, number]>(
  `SELECT ${aliased("a", "ChatAttachment", ATTACHMENT_INFO_FIELDS)}
   FROM "ChatAttachment" a JOIN "ChatMessage" m ON m."id" = a."messageId"
   WHERE m."sessionId" = ? AND m."seq" >= ? ORDER BY a."createdAt"`,
);
const lastPrompt = preparedStatement<[string]>(
  `SELECT ${columnList("ChatMessage", ["id", "seq"])} FROM "ChatMessage"
   WHERE "sessionId" = ? AND "role" = 'user' ORDER BY "seq" DESC LIMIT 1`,
);

/**
 * Saves a message at the end of its session in one synchronous transaction: touches the session
 * (and names it `title` while it still has `defaultTitle`), numbers the message and binds the
 * pending attachments `attachmentIds`. Returns the saved row, or null when the session is gone.
 */
export async function insertChatMessage(input: {
  row: NewChatMessageRow;
  title: string | null;
  defaultTitle: string;
  attachmentIds: string[];
}): Promise<ChatMessage | null> {
  const [raw, touch, seqOf, insert, attach] = await Promise.all([
    sqlite(),
    touchSession(),
    nextSeq(),
    insertMessage(),
    attachFiles(),
  ]);
  const now = new Date();
  const defaults = rowDefaults(now);
  const id = input.row.id ?? defaults.id;
  const at = defaults.createdAt;
  const { sessionId } = input.row;
  return raw.transaction(() => {
    if (touch.run({ at, title: input.title, defaultTitle: input.defaultTitle, sessionId }).changes === 0) return null;
    const seq = (seqOf.get(sessionId) as { seq: number }).seq;
    insert.run({ ...input.row, id, seq, createdAt: at, updatedAt: at });
    if (input.attachmentIds.length) attach.run({ id, at, ids: JSON.stringify(input.attachmentIds), sessionId });
    return { ...input.row, id, seq, createdAt: now, updatedAt: now };
  })();
}

/** A session's messages from `fromSeq` on, oldest first, with their files. */
export async function listThreadRowsBySession(input: { sessionId: string; fromSeq: number }): Promise<ThreadRow[]> {
  const files = filesByMessage((await threadFiles()).all(input.sessionId, input.fromSeq) as AttachmentInfoRow[]);
  const rows = (await threadMessages()).all(input.sessionId, input.fromSeq) as (Omit<
    ThreadRow,
    "createdAt" | "attachments"
  > & { createdAt: string | number })[];
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), attachments: files.get(row.id) ?? [] }));
}

/** The session's latest user message. */
export async function getLastPromptBySession(input: {
  sessionId: string;
}): Promise<{ id: string; seq: number } | null> {
  return ((await lastPrompt()).get(input.sessionId) as { id: string; seq: number } | undefined) ?? null;
}

/** The session's newest message of any role. */
export async function getNewestMessageBySession(input: { sessionId: string }) {
  return db.chatMessage.findFirst({
    where: { sessionId: input.sessionId },
    orderBy: { seq: "desc" },
    select: { id: true, role: true, parts: true, parentId: true },
  });
}

export async function getMessagePositionById(input: { id: string }): Promise<{ id: string; seq: number } | null> {
  return db.chatMessage.findUnique({ where: { id: input.id }, select: { id: true, seq: true } });
}

export async function getMessageTokensById(input: { id: string }) {
  return db.chatMessage.findUnique({
    where: { id: input.id },
    select: { inputTokens: true, outputTokens: true, costUsd: true },
  });
}

/** Rewrites a saved message; only the given fields change. */
export async function updateChatMessageById(input: {
  id: string;
  parts: string;
  text?: string;
  status?: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  costUsd?: number | null;
}): Promise<void> {
  const { id, ...data } = input;
  await db.chatMessage.update({ where: { id }, data });
}
