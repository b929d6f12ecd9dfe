import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError, NotFoundError } from "@/lib/errors";
import { classifyAttachment, extractAttachmentText } from "@/server/chat/attachment-extract";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { removeUnreferencedFiles, uploadsRoot } from "@/server/chat/upload-files";
import {
  deleteChatAttachmentById,
  getChatAttachmentByOwner,
  insertChatAttachment,
  listPendingAttachmentsByIds,
  listPendingAttachmentsBySession,
} from "@/server/chat/store/attachments";
import { getSettings } from "@/server/settings/settings";

/** Attachments a prompt may carry; more is rarely intended and would crowd the context. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/** What the page shows of an attachment (never its path or extracted text). */
export interface AttachmentInfo {
  id: string;
  name: string;
  mime: string;
  size: number;
  kind: string;
  truncated: boolean;
}

function safeFileName(name: string): string {
  const cleaned = path
    .basename(name)
    .replace(/[^\w.\- ]+/g, "_")
    .trim();
  return (cleaned || "file").slice(-100);
}

export async function maxUploadBytes(): Promise<number> {
  return (await getSettings()).system.maxUploadMb * 1024 * 1024;
}

/**
 * Stores one uploaded file for a prompt not sent yet: checks the session is the caller's, the
 * size and the type, extracts its text (so a bad PDF is refused now, not when sending), writes
 * DATA_DIR/uploads/<userId>/... and records it. The file is removed again if recording fails.
 */
export async function saveChatAttachment(input: {
  userId: string;
  sessionId: string;
  name: string;
  mime: string;
  data: Uint8Array;
}): Promise<AttachmentInfo> {
  await getChatSessionOrThrow({ id: input.sessionId, userId: input.userId });
  const name = path.basename(input.name).slice(0, 200) || "file";
  const limit = await maxUploadBytes();
  if (input.data.byteLength > limit) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `"${name}" is larger than the upload limit of ${Math.round(limit / 1024 / 1024)} MB (Settings -> System).`,
    );
  }
  const { kind, mime } = classifyAttachment(name, input.mime);
  const { text, truncated } = await extractAttachmentText({ name, kind, data: input.data });

  const relative = path.join(input.userId, `${randomUUID()}-${safeFileName(name)}`);
  const file = path.join(uploadsRoot(), relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, input.data);
  try {
    return await insertChatAttachment({
      userId: input.userId,
      sessionId: input.sessionId,
      name,
      mime,
      size: input.data.byteLength,
      kind,
      text,
      truncated,
      path: relative,
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

/** The caller's attachment, or "not found" (another user's attachment does not exist for them). */
export async function getChatAttachmentOrThrow(input: { id: string; userId: string }) {
  const row = await getChatAttachmentByOwner(input);
  if (!row) throw new NotFoundError("That attachment");
  return row;
}

export function attachmentFilePath(row: { path: string }): string {
  return path.join(uploadsRoot(), row.path);
}

export async function readAttachmentData(row: { path: string }): Promise<Uint8Array> {
  return new Uint8Array(await readFile(attachmentFilePath(row)));
}

/** Removes an attachment that is not part of a sent message yet (the composer's remove button). */
export async function deleteChatAttachment(input: { id: string; userId: string }) {
  const row = await getChatAttachmentOrThrow(input);
  if (row.messageId) throw new AppError("CONFLICT", "That file is part of a sent message and stays with it.");
  await deleteChatAttachmentById({ id: row.id });
  await removeUnreferencedFiles([row.path]);
}

/**
 * The pending attachments a prompt names, checked before anything is saved: each must be the
 * caller's, in this session and not sent with another message yet.
 */
export async function pendingAttachments(input: { userId: string; sessionId: string; ids: string[] }) {
  if (input.ids.length === 0) return [];
  if (input.ids.length > MAX_ATTACHMENTS_PER_MESSAGE)
    throw new AppError("BAD_REQUEST", `Attach at most ${MAX_ATTACHMENTS_PER_MESSAGE} files to one message.`);
  const rows = await listPendingAttachmentsByIds(input);
  if (rows.length !== new Set(input.ids).size)
    throw new AppError("BAD_REQUEST", "An attached file is gone or was already sent; attach it again.");
  return rows;
}

/** Files uploaded for a prompt not sent yet, so the composer can show them again after a reload. */
export async function listPendingAttachments(input: { sessionId: string; userId: string }): Promise<AttachmentInfo[]> {
  return listPendingAttachmentsBySession(input);
}
