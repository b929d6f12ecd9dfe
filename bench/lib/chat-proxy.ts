import net from "node:net";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with the browser's. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** One HTTP request the app made to the provider, as seen on the wire between them. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** First byte of the request arrived from the app. */
  start: number;
  /** First byte of the provider's answer passed back to the app (headers and first token go together). */
  firstByte: number | null;
  /** Each streamed text token: when it passed, and the answer's length in characters after it. */
  tokens: { at: number; length: number }[];
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD|PATCH) (\S+) HTTP\/1\.[01]\r\n/;
// Ollama's NDJSON stream: every line carries `"content":"<token>"`.
const CONTENT = /"content":"((?:[^"\\]|\\.)*)"/g;

/**
 * A TCP proxy between the app and the provider test server: the provider's own time to first
 * token is measured here, at the network boundary (request's first byte in, answer's first
 * byte out), and every streamed token is timestamped as it passes, on the wall clock.
 * Requests on a kept-alive connection are told apart by their request line, which is how an
 * HTTP/1.1 client starts each one once the previous answer has begun.
 */
export async function startTimingProxy(target: string): Promise<{
  url: string;
  requests: ProxiedRequest[];
  /** Called after each token with the request's token count (for CPU samples at fixed points). */
  onToken: (fn: ((count: number) => void) | null) => void;
  close: () => Promise<void>;
}> {
  const { hostname, port } = new URL(target);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let tokenListener: ((count: number) => void) | null = null;

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let current: ProxiedRequest | null = null;
    let carry = "";
    let length = 0;

    client.on("data", (chunk: Buffer) => {
      const now = wallNow();
      const line = REQUEST_LINE.exec(chunk.subarray(0, 256).toString("latin1"));
      if (line && (!current || current.firstByte !== null)) {
        current = { method: line[1]!, path: line[2]!, start: now, firstByte: null, tokens: [] };
        requests.push(current);
        carry = "";
        length = 0;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      const now = wallNow();
      client.write(chunk);
      if (!current) return;
      if (current.firstByte === null) current.firstByte = now;
      if (current.path !== "/api/chat") return;
      const text = carry + chunk.toString("utf8");
      const end = text.lastIndexOf("\n");
      carry = end === -1 ? text : text.slice(end + 1);
      if (end === -1) return;
      for (const m of text.slice(0, end).matchAll(CONTENT)) {
        if (!m[1]) continue;
        length += (JSON.parse(`"${m[1]}"`) as string).length;
        current.tokens.push({ at: now, length });
        tokenListener?.(current.tokens.length);
      }
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on("error", closeBoth);
      s.on("close", closeBoth);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    requests,
    onToken: (fn) => (tokenListener = fn),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
