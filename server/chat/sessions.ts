import { NotFoundError } from "@/lib/errors";
import { markdownPreview } from "@/lib/markdown-preview";
import { removeUnreferencedFiles } from "@/server/chat/upload-files";
import {
  copyChatSession,
  deleteChatSessionById,
  getChatSessionByOwner,
  insertChatSession,
  listChatSessionsByOwner,
  updateChatSessionById,
} from "@/server/chat/store/sessions";
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
  return insertChatSession({
    userId: input.userId,
    title: input.title?.trim() || DEFAULT_TITLE,
    modelId: input.modelId ?? null,
    agentId: input.agentId ?? null,
  });
}

/** Read on every chat turn before the model is called (a prepared statement in the store). */
export async function getChatSessionOrThrow(input: { id: string; userId: string }): Promise<ChatSession> {
  const session = await getChatSessionByOwner(input);
  if (!session) throw new NotFoundError("That chat");
  return session;
}

/** `%` and `_` typed in the search box are matched literally, as Prisma's `contains` does. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Pinned first, then the most recently active; search matches the title or any message text. */
export async function listChatSessionsByUser(input: {
  userId: string;
  search?: string;
  archived?: boolean;
  limit?: number;
}) {
  const search = input.search?.trim();
  const rows = await listChatSessionsByOwner({
    userId: input.userId,
    archived: input.archived ?? false,
    likePattern: search ? likePattern(search) : null,
    limit: input.limit ?? 200,
  });
  return rows.map((row) => ({ ...row, preview: markdownPreview(row.preview ?? "") }));
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
  return updateChatSessionById({ id, changes });
}

/** Deletes the session with its messages and attachments, then the files nothing else uses. */
export async function deleteChatSession(input: { id: string; userId: string }) {
  await getChatSessionOrThrow(input);
  await removeUnreferencedFiles(await deleteChatSessionById({ id: input.id }));
}

/**
 * A copy with every message and its attachments (sharing the stored files), so a conversation
 * can branch off without touching the original.
 */
export async function duplicateChatSession(input: { id: string; userId: string }) {
  const source = await getChatSessionOrThrow(input);
  return copyChatSession({ source, userId: input.userId, title: `${source.title} (copy)`.slice(0, 120) });
}
