import type { UploadOutcome } from "@/server/knowledge/upload";

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
 * Sends one document as the raw request body (XMLHttpRequest: fetch cannot report upload
 * progress) and resolves with what the server did with it, or rejects with its sentence.
 */
export function uploadDocument(
  file: File,
  opts: { namespace: string; embed: boolean },
  onProgress: (fraction: number) => void,
): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ namespace: opts.namespace, name: file.name, embed: opts.embed ? "1" : "0" });
    xhr.open("POST", `/api/knowledge/upload?${query}`);
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status === 200 || xhr.status === 201
        ? resolve(JSON.parse(xhr.responseText) as UploadOutcome)
        : reject(new Error(messageOf(xhr)));
    xhr.onerror = () => reject(new Error(messageOf(xhr)));
    xhr.send(file);
  });
}
