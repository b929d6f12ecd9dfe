import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type FetchHandler = (req: Request) => Promise<Response>;

function toRequest(req: http.IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    signal,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function writeBody(body: ReadableStream<Uint8Array>, res: http.ServerResponse): Promise<void> {
  const reader = body.getReader();
  res.once("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
      }
    }
  } catch {
    // The client went away mid-stream; nothing left to write to.
  }
  res.end();
}

/**
 * A plain node:http server in front of a fetch-style route handler (what Next does for
 * `app/api/.../route.ts`): IncomingMessage -> Request with an abort signal tied to the socket,
 * Response body stream -> ServerResponse with backpressure.
 */
export async function serveFetchHandler(
  handler: FetchHandler,
  host = "127.0.0.1",
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer({ noDelay: true }, (req, res) => {
    const abort = new AbortController();
    res.once("close", () => abort.abort());
    void (async () => {
      let response: Response;
      try {
        response = await handler(toRequest(req, abort.signal));
      } catch {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) await writeBody(response.body, res);
      else res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
