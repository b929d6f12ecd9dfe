import type { AttachmentInfo } from "@/server/chat/attachments";

/** A file in the composer: uploading (with progress), stored, or refused (with the reason). */
export type ComposerFile =
  | { key: string; state: "uploading"; name: string; size: number; progress: number }
  | { key: string; state: "ready"; name: string; size: number; info: AttachmentInfo }
  | { key: string; state: "failed"; name: string; size: number; error: string };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function messageOf(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON
  }
  return xhr.status
    ? `The upload failed (HTTP ${xhr.status}).`
    : "The server could not be reached. Check your connection and try again.";
}

/**
 * Uploads one file as the raw request body (XMLHttpRequest, because fetch cannot report upload
 * progress) and resolves with the stored attachment or rejects with the server's sentence.
 */
export function uploadAttachment(
  sessionId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<AttachmentInfo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ sessionId, name: file.name || "pasted-file" });
    xhr.open("POST", `/api/chat/attachments?${query}`);
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status === 201 ? resolve(JSON.parse(xhr.responseText) as AttachmentInfo) : reject(new Error(messageOf(xhr)));
    xhr.onerror = () => reject(new Error(messageOf(xhr)));
    xhr.send(file);
  });
}
