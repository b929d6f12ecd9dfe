import type { Database, Statement } from "better-sqlite3";
import type { UIMessage } from "ai";
import { NotFoundError } from "@/lib/errors";
import type { AttachmentInfo } from "@/server/chat/attachments";
import { DEFAULT_TITLE } from "@/server/chat/sessions";
import { db, preparedStatement, sqlite } from "@/server/db";
import { newRowId, sqlTime } from "@/server/db/sql";
import type { ChatMessage } from "@/server/generated/prisma/client";

export type ChatRole = "user" | "assistant" | "system";
export type MessageStatus = "done" | "stopped" | "error";

/** What the page shows under a message and the model request leaves out. */
export interface ChatMessageMetadata {
  status: MessageStatus;
  model: string | null;
  parentId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number | null;
  costUsd: number | null;
  error: string | null;
  createdAt: string;
  /** Older answers to the same prompt, kept when the answer was regenerated. */
  alternatives?: ChatUIMessage[];
  /** Files sent with a prompt. */
  attachments?: AttachmentInfo[];
  /** The team member who wrote it (server/teams): shown as a name and role badge. */
  agentName?: string | null;
  agentRole?: string | null;
}

export type ChatUIMessage = UIMessage<ChatMessageMetadata>;
type Parts = ChatUIMessage["parts"];

export interface NewChatMessage {
  sessionId: string;
  role: ChatRole;
  parts: Parts;
  model?: string | null;
  parentId?: string | null;
  status?: MessageStatus;
  inputTokens?: number | null;
  outputTokens?: number | null;
  latencyMs?: number | null;
  costUsd?: number | null;
  error?: string | null;
  /** Pending attachments (checked by the caller) that this prompt carries. */
  attachmentIds?: string[];
  /** A team member's message: who wrote it. */
  agent?: { id: string; name: string; role: string } | null;
}

export function textOf(parts: Parts): string {
  return parts
    .filter((p): p is Extract<Parts[number], { type: "text" }> => p.type === "text")
    .map((p) => p.text)
    .join("");
}

const TITLE_LENGTH = 60;

function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0]!.trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || DEFAULT_TITLE;
}

const statements = new WeakMap<Database, Record<"touchSession" | "nextSeq" | "insert" | "attach", Statement>>();

function prepared(raw: Database) {
  let s = statements.get(raw);
  if (!s) {
    s = {
      touchSession: raw.prepare(
        `UPDATE ChatSession SET lastMessageAt = @at, updatedAt = @at, title = CASE WHEN @title IS NOT NULL AND title = @defaultTitle THEN @title ELSE title END WHERE id = @sessionId`,
      ),
      nextSeq: raw
        .prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM ChatMessage WHERE sessionId = ?`)
        .safeIntegers(false),
      insert: raw.prepare(
        `INSERT INTO ChatMessage (id, sessionId, seq, role, parts, text, model, parentId, status, inputTokens, outputTokens, latencyMs, costUsd, error, agentId, agentName, agentRole, createdAt, updatedAt)
         VALUES (@id, @sessionId, @seq, @role, @parts, @text, @model, @parentId, @status, @inputTokens, @outputTokens, @latencyMs, @costUsd, @error, @agentId, @agentName, @agentRole, @at, @at)`,
      ),
      attach: raw.prepare(
        `UPDATE ChatAttachment SET messageId = @id, updatedAt = @at WHERE id IN (SELECT value FROM json_each(@ids)) AND sessionId = @sessionId AND messageId IS NULL`,
      ),
    };
    statements.set(raw, s);
  }
  return s;
}

/**
 * Saves one message at the end of the session (autosave after every message). The first user
 * message names a session still called "New chat". One synchronous SQLite transaction on the
 * shared connection: a Prisma interactive transaction cost every chat turn several ms before
 * the model was called.
 */
export async function appendChatMessage(input: NewChatMessage): Promise<ChatMessage> {
  const raw = await sqlite();
  const s = prepared(raw);
  const text = textOf(input.parts);
  const now = new Date();
  const row: ChatMessage = {
    id: newRowId(),
    sessionId: input.sessionId,
    seq: 0,
    role: input.role,
    parts: JSON.stringify(input.parts),
    text,
    model: input.model ?? null,
    parentId: input.parentId ?? null,
    status: input.status ?? "done",
    inputTokens: input.inputTokens ?? null,
    outputTokens: input.outputTokens ?? null,
    latencyMs: input.latencyMs ?? null,
    costUsd: input.costUsd ?? null,
    error: input.error ?? null,
    agentId: input.agent?.id ?? null,
    agentName: input.agent?.name ?? null,
    agentRole: input.agent?.role ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const at = sqlTime(now);
  raw.transaction(() => {
    const title = input.role === "user" ? titleFrom(text) : null;
    if (s.touchSession.run({ at, title, defaultTitle: DEFAULT_TITLE, sessionId: input.sessionId }).changes === 0)
      throw new NotFoundError("That chat");
    row.seq = (s.nextSeq.get(input.sessionId) as { seq: number }).seq;
    const { createdAt: _c, updatedAt: _u, ...columns } = row;
    s.insert.run({ ...columns, at });
    if (input.attachmentIds?.length)
      s.attach.run({ id: row.id, at, ids: JSON.stringify(input.attachmentIds), sessionId: input.sessionId });
  })();
  return row;
}

/** Edit and resend: the prompt's new text; its earlier answers stay as alternatives. */
export async function replaceChatMessageParts(input: { id: string; parts: Parts }) {
  return db.chatMessage.update({
    where: { id: input.id },
    data: { parts: JSON.stringify(input.parts), text: textOf(input.parts) },
  });
}

/** What the page shows of a saved message (ChatMessage columns) with the files sent with it. */
export type ThreadRow = Pick<
  ChatMessage,
  | "id"
  | "role"
  | "parts"
  | "status"
  | "model"
  | "parentId"
  | "inputTokens"
  | "outputTokens"
  | "latencyMs"
  | "costUsd"
  | "error"
  | "createdAt"
  | "agentName"
  | "agentRole"
> & { attachments: AttachmentInfo[] };

const threadMessages = preparedStatement<[string, number]>(
  `SELECT id, role, parts, status, model, parentId, inputTokens, outputTokens, latencyMs, costUsd, error, createdAt, agentName, agentRole
   FROM ChatMessage WHERE sessionId = ? AND seq >= ? ORDER BY seq`,
);
const threadFiles = preparedStatement<[string, number]>(
  `SELECT a.id, a.name, a.mime, a.size, a.kind, a.truncated, a.messageId FROM ChatAttachment a JOIN ChatMessage m ON m.id = a.messageId
   WHERE m.sessionId = ? AND m.seq >= ? ORDER BY a.createdAt`,
);

/** Attachment rows as SQLite returns them (truncated as 0/1), grouped by the message they were sent with. */
export function filesByMessage(
  rows: (Omit<AttachmentInfo, "truncated"> & { truncated: number | boolean; messageId: string })[],
): Map<string, AttachmentInfo[]> {
  const files = new Map<string, AttachmentInfo[]>();
  for (const { messageId, ...info } of rows) {
    const list = files.get(messageId) ?? [];
    list.push({ ...info, truncated: Boolean(info.truncated) });
    files.set(messageId, list);
  }
  return files;
}

/**
 * A session's messages from `fromSeq` on, oldest first, with their files. Opening a chat and the
 * refresh after every turn read them, so through two prepared statements on the (sessionId, seq)
 * index rather than Prisma (49 ms for a 1,000-message chat, most of it Prisma's row mapping).
 */
export async function listChatMessagesBySession(input: { sessionId: string; fromSeq?: number }): Promise<ThreadRow[]> {
  const from = input.fromSeq ?? 0;
  const files = filesByMessage(
    (await threadFiles()).all(input.sessionId, from) as Parameters<typeof filesByMessage>[0],
  );
  return (
    (await threadMessages()).all(input.sessionId, from) as (Omit<ThreadRow, "createdAt" | "attachments"> & {
      createdAt: string | number;
    })[]
  ).map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    attachments: files.get(row.id) ?? [],
  }));
}

function parseParts(raw: string): Parts {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as Parts) : [];
  } catch {
    return [];
  }
}

export function toUIMessage(row: ThreadRow): ChatUIMessage {
  return {
    id: row.id,
    role: row.role as ChatRole,
    parts: parseParts(row.parts),
    metadata: {
      status: row.status as MessageStatus,
      model: row.model,
      parentId: row.parentId,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      latencyMs: row.latencyMs,
      costUsd: row.costUsd,
      error: row.error,
      createdAt: row.createdAt.toISOString(),
      ...(row.attachments.length ? { attachments: row.attachments } : {}),
      ...(row.agentName ? { agentName: row.agentName, agentRole: row.agentRole } : {}),
    },
  };
}

/**
 * The conversation as it reads now: for each prompt only its latest answer (or error) is in the
 * flow; the answers it replaced ride along as that answer's alternatives. One pass to group the
 * answers by prompt, one to build: linear in the rows (a 2,000-message session is read per turn).
 */
export function currentThread(rows: ThreadRow[]): ChatUIMessage[] {
  const answers = new Map<string, ThreadRow[]>();
  for (const row of rows) {
    if (row.role === "user" || !row.parentId) continue;
    const group = answers.get(row.parentId);
    if (group) group.push(row);
    else answers.set(row.parentId, [row]);
  }
  const out: ChatUIMessage[] = [];
  for (const row of rows) {
    const group = row.role !== "user" && row.parentId ? answers.get(row.parentId)! : null;
    if (group && group.at(-1) !== row) continue;
    const message = toUIMessage(row);
    if (group) {
      const older = group.filter((r) => r !== row && r.role === "assistant").map(toUIMessage);
      if (older.length) message.metadata!.alternatives = older;
    }
    out.push(message);
  }
  return out;
}

const lastPrompt = preparedStatement<[string]>(
  `SELECT id, seq FROM ChatMessage WHERE sessionId = ? AND role = 'user' ORDER BY seq DESC LIMIT 1`,
);

/**
 * The prompt Regenerate and Retry answer again: the session's latest user message. Read before
 * the model is called on those turns, so through a prepared statement (newest first on the
 * session's seq index, stopping at the first prompt).
 */
export async function lastPromptRow(input: { sessionId: string }): Promise<{ id: string; seq: number } | null> {
  return ((await lastPrompt()).get(input.sessionId) as { id: string; seq: number } | undefined) ?? null;
}

export async function getChatThread(input: { sessionId: string }): Promise<ChatUIMessage[]> {
  return currentThread(await listChatMessagesBySession(input));
}

/**
 * The thread from the latest prompt on (the prompt, its answers and notices): what a turn
 * changed, so the page refreshes after a turn without reloading a long session whole.
 */
export async function getChatThreadTail(input: { sessionId: string }): Promise<ChatUIMessage[]> {
  const prompt = await lastPromptRow(input);
  return currentThread(await listChatMessagesBySession({ sessionId: input.sessionId, fromSeq: prompt?.seq ?? 0 }));
}
