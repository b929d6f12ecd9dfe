import type { AttachmentInfo } from "@/server/chat/attachments";
import { uploadFile } from "@/lib/upload";

/** A file in the composer: uploading (with progress), stored, or refused (with the reason). */
export type ComposerFile =
  | { key: string; state: "uploading"; name: string; size: number; progress: number }
  | { key: string; state: "ready"; name: string; size: number; info: AttachmentInfo }
  | { key: string; state: "failed"; name: string; size: number; error: string };

/**
 * Uploads one file as the raw request body (the shared XMLHttpRequest helper, for its progress)
 * and resolves with the stored attachment or rejects with the server's sentence.
 */
export function uploadAttachment(
  sessionId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<AttachmentInfo> {
  const query = new URLSearchParams({ sessionId, name: file.name || "pasted-file" });
  return uploadFile<AttachmentInfo>(`/api/chat/attachments?${query}`, file, { onProgress });
}
