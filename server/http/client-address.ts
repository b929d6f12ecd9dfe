import { isIP } from "node:net";
import { env } from "@/server/env";

/**
 * Who is on the other end of a request (issue 22, finding 8). Next fills X-Forwarded-For with the
 * socket's address only when the client did not send one, so the header alone is whatever the
 * client says: rotating it escaped the per-address sign-in limit, and spoofing it throttled a
 * chosen address. instrumentation.ts stamps the socket's own address into PEER_HEADER (any copy
 * the client sent is overwritten); forwarding headers count only when that peer is a proxy listed
 * in TRUSTED_PROXIES.
 */
export const PEER_HEADER = "x-lap-peer";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK.has(address) || address.startsWith("127.");
}

function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  return trimmed.startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

export function trustedProxies(list: string | undefined = env.TRUSTED_PROXIES): Set<string> {
  return new Set((list ?? "").split(",").map(normalise).filter(Boolean));
}

function headerValue(headers: Headers | Record<string, string | string[] | undefined>, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return (Array.isArray(value) ? value.join(",") : value) ?? null;
}

/** The socket's address, as stamped at the server's door; null outside a server (tests calling handlers). */
export function peerAddress(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const peer = headerValue(headers, PEER_HEADER);
  return peer ? normalise(peer) : null;
}

/**
 * The client's address: the peer, or, when the peer is a trusted proxy, the nearest address in
 * X-Forwarded-For that is not itself a trusted proxy. "unknown" when neither is known.
 */
export function clientAddress(
  headers: Headers | Record<string, string | string[] | undefined>,
  proxies: Set<string> = trustedProxies(),
): string {
  const peer = peerAddress(headers);
  if (!peer) return "unknown";
  if (!proxies.has(peer)) return peer;
  const chain = (headerValue(headers, "x-forwarded-for") ?? "").split(",").map(normalise).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (!proxies.has(chain[i]!)) return chain[i]!;
  return peer;
}

/**
 * Whether the request reached the app through something that forwarded it (a reverse proxy on
 * this machine makes remote people look local): a forwarding header that names an address other
 * than the peer itself. Next adds X-Forwarded-For with the peer's own address, which does not count.
 */
export function wasForwarded(headers: Headers | Record<string, string | string[] | undefined>): boolean {
  if (headerValue(headers, "forwarded") || headerValue(headers, "x-real-ip")) return true;
  const peer = peerAddress(headers);
  const chain = (headerValue(headers, "x-forwarded-for") ?? "").split(",").map(normalise).filter(Boolean);
  return chain.some((address) => address !== peer);
}
