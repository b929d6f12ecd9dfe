import http from "node:http";
import { PEER_HEADER } from "@/server/http/client-address";

const globalForPeer = globalThis as unknown as { __peerStamped?: boolean };

/**
 * Writes each request's socket address into PEER_HEADER before Next sees the request, replacing
 * anything the client sent under that name (server/http/client-address.ts says why). Next gives
 * route handlers headers only, never the socket; its own X-Forwarded-For is client-controlled.
 */
export function stampPeerAddresses(): void {
  if (globalForPeer.__peerStamped) return;
  globalForPeer.__peerStamped = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args]);
  } as typeof http.Server.prototype.emit;
}
