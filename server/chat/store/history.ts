import "server-only";
import type { AttachmentInfo } from "@/server/chat/attachments";
import { ATTACHMENT_INFO_FIELDS, type AttachmentInfoRow, filesByMessage } from "@/server/chat/store/rows";
import { preparedStatement } from "@/server/db";
import { columnList } from "@/server/db/sql";

/**
 * What a turn sends the model: pages of a session's messages read newest first, and the size of
 * its saved text. Read on every turn before the model is called, so prepared statements on the
 * (sessionId, seq) index that skip the figures the model does not need (docs/benchmarks.md).
 */

export interface HistoryRow {
  id: string;
  seq: number;
  role: string;
  parts: string;
  parentId: string | null;
  status: string;
  model: string | null;
  /** Characters of the message's text. */
  chars: number;
  createdAt: string | number;
  /** 1 when files were sent with it. */
  hasFiles: number;
}

const historyPage = preparedStatement<[string, number, number]>(
  `SELECT ${columnList("ChatMessage", ["id", "seq", "role", "parts", "parentId", "status", "model", "createdAt"])},
          length("text") AS chars,
          EXISTS (SELECT 1 FROM "ChatAttachment" a WHERE a."messageId" = "ChatMessage"."id") AS hasFiles
   FROM "ChatMessage" WHERE "sessionId" = ? AND "seq" < ? ORDER BY "seq" DESC LIMIT ?`,
);
const messageFiles = preparedStatement<[string]>(
  `SELECT ${columnList("ChatAttachment", ATTACHMENT_INFO_FIELDS)} FROM "ChatAttachment"
   WHERE "messageId" IN (SELECT value FROM json_each(?)) ORDER BY "createdAt"`,
);
// Tokens as estimateTokens counts them (a quarter of the characters, rounded up, per message and
// file), summed in SQLite: a long imported chat is not loaded whole to count it.
const savedTextTokens = preparedStatement<[string, string]>(
  `SELECT (SELECT total((length("text") + 3) / 4) FROM "ChatMessage" WHERE "sessionId" = ? AND "role" <> 'system')
        + (SELECT total((length("text") + 3) / 4) FROM "ChatAttachment" WHERE "sessionId" = ? AND "messageId" IS NOT NULL) AS tokens`,
);

/** Up to `limit` of the session's messages before `beforeSeq`, newest first; -1 reads them all. */
export async function listHistoryPageBySession(input: {
  sessionId: string;
  beforeSeq: number;
  limit: number;
}): Promise<HistoryRow[]> {
  return (await historyPage()).all(input.sessionId, input.beforeSeq, input.limit) as HistoryRow[];
}

/** The files sent with these messages, by message. */
export async function listAttachmentInfoByMessageIds(input: {
  messageIds: string[];
}): Promise<Map<string, AttachmentInfo[]>> {
  if (input.messageIds.length === 0) return new Map();
  return filesByMessage((await messageFiles()).all(JSON.stringify(input.messageIds)) as AttachmentInfoRow[]);
}

/** The text of the session's messages (error notices aside) and sent files, in estimated tokens. */
export async function estimateTokensBySession(input: { sessionId: string }): Promise<number> {
  return ((await savedTextTokens()).get(input.sessionId, input.sessionId) as { tokens: number }).tokens;
}
