import "server-only";
import type { AttachmentInfo } from "@/server/chat/attachments";
import { db } from "@/server/db";
import type { ChatAttachment } from "@/server/generated/prisma/client";

/** ChatAttachment: files uploaded for a prompt, bound to the prompt when it is sent (see insertChatMessage). */

const INFO = { id: true, name: true, mime: true, size: true, kind: true, truncated: true } as const;

export async function insertChatAttachment(data: {
  userId: string;
  sessionId: string;
  name: string;
  mime: string;
  size: number;
  kind: string;
  text: string | null;
  truncated: boolean;
  path: string;
}): Promise<AttachmentInfo> {
  return db.chatAttachment.create({ data, select: INFO });
}

export async function getChatAttachmentByOwner(input: { id: string; userId: string }): Promise<ChatAttachment | null> {
  return db.chatAttachment.findFirst({ where: { id: input.id, userId: input.userId } });
}

export async function deleteChatAttachmentById(input: { id: string }): Promise<void> {
  await db.chatAttachment.delete({ where: { id: input.id } });
}

/** The owner's attachments among `ids` that are in the session and not sent with a message yet. */
export async function listPendingAttachmentsByIds(input: {
  ids: string[];
  userId: string;
  sessionId: string;
}): Promise<ChatAttachment[]> {
  return db.chatAttachment.findMany({
    where: { id: { in: input.ids }, userId: input.userId, sessionId: input.sessionId, messageId: null },
  });
}

/** Oldest first. */
export async function listPendingAttachmentsBySession(input: {
  sessionId: string;
  userId: string;
}): Promise<AttachmentInfo[]> {
  return db.chatAttachment.findMany({
    where: { sessionId: input.sessionId, userId: input.userId, messageId: null },
    select: INFO,
    orderBy: { createdAt: "asc" },
  });
}

/** The attachments sent with these messages, oldest first. */
export async function listAttachmentsByMessageIds(input: { messageIds: string[] }): Promise<ChatAttachment[]> {
  return db.chatAttachment.findMany({ where: { messageId: { in: input.messageIds } }, orderBy: { createdAt: "asc" } });
}

/** How many attachments use a stored file (a copied session shares its files). */
export async function countAttachmentsByPath(input: { path: string }): Promise<number> {
  return db.chatAttachment.count({ where: { path: input.path } });
}
