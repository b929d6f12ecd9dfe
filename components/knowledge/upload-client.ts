import { uploadFile } from "@/lib/upload";
import type { UploadOutcome } from "@/server/knowledge/upload";

/** Sends one document and resolves with what the server did with it, or rejects with its sentence. */
export function uploadDocument(
  file: File,
  opts: { namespace: string; embed: boolean },
  onProgress: (fraction: number) => void,
): Promise<UploadOutcome> {
  const query = new URLSearchParams({ namespace: opts.namespace, name: file.name, embed: opts.embed ? "1" : "0" });
  return uploadFile<UploadOutcome>(`/api/knowledge/upload?${query}`, file, { onProgress });
}
