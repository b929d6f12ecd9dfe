/**
 * One file to the server as the raw request body, for chat attachments and knowledge documents.
 * XMLHttpRequest, because fetch cannot report upload progress.
 */

/** The server's sentence from an `{ error: { message } }` body, else a plain one for the status. */
export function uploadErrorMessage(status: number, responseText: string): string {
  try {
    const body = JSON.parse(responseText) as { error?: { message?: string } } | null;
    if (body?.error?.message) return body.error.message;
  } catch {
    // not JSON: an HTML error page from a proxy, or nothing at all
  }
  return status
    ? `The upload failed (HTTP ${status}).`
    : "The server could not be reached. Check your connection and try again.";
}

/**
 * POSTs `file` to `url` and resolves with the parsed JSON answer of a 2xx response, or rejects
 * with the server's sentence. Aborting through `signal` rejects with an AbortError, which callers
 * tell apart from a refusal by `err.name`.
 */
export function uploadFile<T>(
  url: string,
  file: Blob,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"));
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const settle = () => opts.signal?.removeEventListener("abort", onAbort);
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      settle();
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
      else reject(new Error(uploadErrorMessage(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => {
      settle();
      reject(new Error(uploadErrorMessage(xhr.status, xhr.responseText)));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException("The upload was cancelled.", "AbortError"));
    };
    xhr.send(file);
  });
}
