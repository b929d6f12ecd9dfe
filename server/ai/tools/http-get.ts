import http from "node:http";
import https from "node:https";
import { AppError } from "@/lib/errors";
import { assertFetchableUrl, guardedLookup } from "@/server/ai/tools/net-guard";

export interface HttpGetResult {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  truncated: boolean;
}

const MAX_REDIRECTS = 5;

function getOnce(
  url: URL,
  opts: { allowedHosts: readonly string[]; maxBytes: number; signal: AbortSignal; headers: Record<string, string> },
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; truncated: boolean }>(
    (resolve, reject) => {
      const client = url.protocol === "https:" ? https : http;
      // The guarded lookup runs at connect time, so every hop and every resolution is checked;
      // agent: false keeps a pooled socket (opened for an allowed host) from being reused.
      const req = client.get(
        url,
        { lookup: guardedLookup(opts.allowedHosts), signal: opts.signal, headers: opts.headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let truncated = false;
          res.on("data", (chunk: Buffer) => {
            if (truncated) return;
            size += chunk.length;
            if (size > opts.maxBytes) {
              truncated = true;
              chunks.push(chunk.subarray(0, chunk.length - (size - opts.maxBytes)));
              res.destroy();
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
              return;
            }
            chunks.push(chunk);
          });
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
    },
  );
}

/**
 * GET with the web tools' guard: http(s) only, private addresses refused after DNS resolution
 * unless allow-listed, at most 5 redirects (each re-checked), the body capped at maxBytes.
 */
export async function guardedGet(
  rawUrl: string,
  opts: { allowedHosts: readonly string[]; maxBytes: number; signal: AbortSignal; headers?: Record<string, string> },
): Promise<HttpGetResult> {
  let url = assertFetchableUrl(rawUrl, opts.allowedHosts);
  const headers = {
    "user-agent": "LocalAgentPlatform/0.1 (+web_fetch)",
    accept: "text/html,text/plain,application/json;q=0.9,*/*;q=0.5",
    ...opts.headers,
  };
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await getOnce(url, { ...opts, headers }).catch((err: unknown) => {
      if (err instanceof AppError) throw err;
      if (opts.signal.aborted) throw err;
      throw new AppError(
        "BAD_REQUEST",
        `Could not fetch ${url.href}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      url = assertFetchableUrl(new URL(location, url).href, opts.allowedHosts);
      continue;
    }
    return {
      url: url.href,
      status: res.status,
      contentType: String(res.headers["content-type"] ?? ""),
      body: res.body,
      truncated: res.truncated,
    };
  }
  throw new AppError("BAD_REQUEST", `Stopped after ${MAX_REDIRECTS} redirects from ${rawUrl}.`);
}
