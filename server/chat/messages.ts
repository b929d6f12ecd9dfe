import type { UIMessage } from "ai";
import { NotFoundError } from "@/lib/errors";
import type { AttachmentInfo } from "@/server/chat/attachments";
import { DEFAULT_TITLE } from "@/server/chat/sessions";
import {
  getLastPromptBySession,
  insertChatMessage,
  listThreadRowsBySession,
  type ThreadRow,
  updateChatMessageById,
} from "@/server/chat/store/messages";
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
  /** Chosen beforehand (newChatMessageId) when the page already shows the message under it. */
  id?: string;
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

/**
 * Saves one message at the end of the session (autosave after every message). The first user
 * message names a session still called "New chat". One synchronous SQLite transaction on the
 * shared connection, before the model is called (docs/benchmarks.md).
 */
export async function appendChatMessage(input: NewChatMessage): Promise<ChatMessage> {
  const text = textOf(input.parts);
  const saved = await insertChatMessage({
    row: {
      ...(input.id ? { id: input.id } : {}),
      sessionId: input.sessionId,
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
    },
    title: input.role === "user" ? titleFrom(text) : null,
    defaultTitle: DEFAULT_TITLE,
    attachmentIds: input.attachmentIds ?? [],
  });
  if (!saved) throw new NotFoundError("That chat");
  return saved;
}

/** Edit and resend: the prompt's new text; its earlier answers stay as alternatives. */
export async function replaceChatMessageParts(input: { id: string; parts: Parts }): Promise<void> {
  await updateChatMessageById({ id: input.id, parts: JSON.stringify(input.parts), text: textOf(input.parts) });
}

/** A session's messages from `fromSeq` on, oldest first, with their files (opening a chat, the refresh after a turn). */
export async function listChatMessagesBySession(input: { sessionId: string; fromSeq?: number }): Promise<ThreadRow[]> {
  return listThreadRowsBySession({ sessionId: input.sessionId, fromSeq: input.fromSeq ?? 0 });
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

/** The prompt Regenerate and Retry answer again: the session's latest user message. */
export async function lastPromptRow(input: { sessionId: string }): Promise<{ id: string; seq: number } | null> {
  return getLastPromptBySession(input);
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
