import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { oneAtATime, recentFailures, recordSignIn, verdictFor } from "@/server/auth/throttle";
import { clientAddress, PEER_HEADER, trustedProxies, wasForwarded } from "@/server/http/client-address";
import { stampPeerAddresses } from "@/server/runtime/peer-address";

/**
 * Issue 22, finding 8: X-Forwarded-For was believed from anyone (rotating it escaped the
 * per-address limit, spoofing it throttled a chosen address), anyone who knew an e-mail could lock
 * its account, and 60 parallel guesses were judged 39 times on stale counts instead of 10.
 */
describe("the client's address", () => {
  it("is the socket's, stamped at the server's door, whatever the client claims", async () => {
    stampPeerAddresses();
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await fetch(url, { headers: { [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "198.51.100.1" } });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(seen[0]![PEER_HEADER]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(clientAddress(seen[0]!, new Set())).toBe("127.0.0.1");
  });

  it("follows X-Forwarded-For only through trusted proxies", () => {
    const headers = new Headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "203.0.113.5, 10.0.0.1" });
    expect(clientAddress(headers, new Set())).toBe("10.0.0.2");
    expect(clientAddress(headers, trustedProxies("10.0.0.2"))).toBe("10.0.0.1");
    expect(clientAddress(headers, trustedProxies("10.0.0.2, 10.0.0.1"))).toBe("203.0.113.5");
    expect(clientAddress(new Headers(), new Set())).toBe("unknown");
  });

  it("counts as forwarded only when a forwarding header names someone else than the peer", () => {
    // Next itself adds X-Forwarded-For with the peer's own address.
    expect(wasForwarded(new Headers({ [PEER_HEADER]: "127.0.0.1", "x-forwarded-for": "127.0.0.1" }))).toBe(false);
    expect(wasForwarded(new Headers({ [PEER_HEADER]: "127.0.0.1", "x-forwarded-for": "192.0.2.4" }))).toBe(true);
    expect(wasForwarded(new Headers({ [PEER_HEADER]: "127.0.0.1", forwarded: "for=192.0.2.4" }))).toBe(true);
  });
});

describe("sign-in throttling", () => {
  it("slows down but never locks the account", async () => {
    const key = `owner-${Date.now()}@example.test`;
    for (let i = 0; i < 30; i++) await recordSignIn({ key, ip: "203.0.113.66", ok: false });
    const failures = await recentFailures({ key, ip: "198.51.100.7" });
    expect(failures).toBe(30);
    expect(verdictFor(failures)).toEqual({ delayMs: 10_000 });
  });

  it("judges parallel attempts for one account and address one at a time", async () => {
    let running = 0;
    let overlapped = false;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        oneAtATime("victim@example.test", "203.0.113.7", async () => {
          running++;
          if (running > 1) overlapped = true;
          await new Promise((r) => setImmediate(r));
          order.push(i);
          running--;
          if (i === 3) throw new Error("a failed attempt does not stop the line");
        }).catch(() => undefined),
      ),
    );
    expect(overlapped).toBe(false);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
