import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * What the Ollama and OpenAI test servers share: a real HTTP server on a loopback port, a log of
 * every request with how its connection ended, a queue of scripted replies and the faults a
 * reply can carry.
 */
export type Fault =
  /** Headers go out at once; the first token only after delayMs. */
  | { kind: "slow-first-token"; delayMs: number }
  /** The server drops the connection after this many tokens. */
  | { kind: "disconnect"; afterTokens: number }
  | { kind: "rate-limit"; retryAfterSeconds: number }
  | { kind: "server-error"; status?: number; message?: string }
  /** A chunk that is not valid JSON arrives after this many tokens. */
  | { kind: "malformed-chunk"; afterTokens: number };

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** An object, or raw text sent as it is (OpenAI server only) to script malformed JSON. */
  arguments: Record<string, unknown> | string;
}

export interface ScriptedReply {
  text?: string;
  thinking?: string;
  toolCalls?: ScriptedToolCall[];
  fault?: Fault;
  /** Overrides the server's pace for this reply. */
  tokensPerSecond?: number;
  usage?: { input?: number; output?: number };
  /** OpenRouter flavour: the cost reported in the usage chunk, in dollars. */
  cost?: number;
}

export type ConnectionOutcome = "open" | "finished" | "client-closed" | "server-dropped";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  outcome: ConnectionOutcome;
  /** Settles when the connection ends, with how it ended. */
  ended: Promise<ConnectionOutcome>;
}

export interface ServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  body: unknown;
  path: string;
  /** True once the client or the server has closed the connection. */
  closed(): boolean;
  /** Drops the connection on purpose (a fault), recorded as server-dropped. */
  drop(): void;
}

export type RouteHandler = (ctx: ServerContext) => Promise<void> | void;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Replies used in order by the next generation requests. */
  script(...replies: ScriptedReply[]): void;
  nextReply(): ScriptedReply | undefined;
  lastRequest(path?: string): RecordedRequest | undefined;
  close(): Promise<void>;
}

export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** Spaces writes so that token i leaves at i / tokensPerSecond; Infinity sends at once. */
export class Pacer {
  private readonly start = performance.now();
  constructor(private readonly tokensPerSecond: number) {}
  async wait(index: number): Promise<void> {
    if (!Number.isFinite(this.tokensPerSecond)) return;
    const due = this.start + (index * 1000) / this.tokensPerSecond;
    const ahead = due - performance.now();
    if (ahead >= 1) await new Promise((r) => setTimeout(r, ahead));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Control routes, for tests that run the server in another process (Playwright): script replies,
 * read the request log (with how each connection ended) and reset.
 */
function controlRoutes(requests: RecordedRequest[], queue: ScriptedReply[]): Record<string, RouteHandler> {
  return {
    "POST /__control/script": ({ res, body }) => {
      queue.push(...((Array.isArray(body) ? body : [body]) as ScriptedReply[]));
      sendJson(res, 200, { queued: queue.length });
    },
    "GET /__control/requests": ({ res }) =>
      sendJson(
        res,
        200,
        requests
          .filter((r) => !r.path.startsWith("/__control"))
          .map(({ method, path, body, outcome }) => ({ method, path, body, outcome })),
      ),
    "POST /__control/reset": ({ res }) => {
      queue.length = 0;
      requests.length = 0;
      sendJson(res, 200, { ok: true });
    },
  };
}

export async function startFakeServer(
  providerRoutes: Record<string, RouteHandler>,
  listenPort = 0,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  const sockets = new Set<Socket>();
  const routes = { ...providerRoutes, ...controlRoutes(requests, queue) };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let settle!: (o: ConnectionOutcome) => void;
      const record: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        headers: req.headers,
        body: undefined,
        outcome: "open",
        ended: new Promise((r) => (settle = r)),
      };
      requests.push(record);
      res.on("close", () => {
        if (record.outcome === "open") record.outcome = res.writableFinished ? "finished" : "client-closed";
        settle(record.outcome);
      });
      record.body = await readJson(req);
      const handler = routes[`${req.method} ${url.pathname}`];
      if (!handler) {
        sendJson(res, 404, { error: `No route ${req.method} ${url.pathname}` });
        return;
      }
      const ctx: ServerContext = {
        req,
        res,
        record,
        body: record.body,
        path: url.pathname,
        closed: () => res.destroyed || record.outcome !== "open",
        drop: () => {
          record.outcome = "server-dropped";
          res.destroy();
        },
      };
      try {
        await handler(ctx);
      } catch (err) {
        if (!res.headersSent) sendJson(res, 500, { error: String(err) });
        else res.destroy();
      }
    })();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    nextReply: () => queue.shift(),
    lastRequest: (path) => [...requests].reverse().find((r) => !path || r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
