import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";
import { wasForwarded } from "@/server/http/client-address";

/**
 * Until the first admin exists, whoever reaches /setup becomes the admin (issue 22, finding 11).
 * On loopback that is the person at this machine. When the server listens on another address,
 * or the request came through a proxy, /setup asks for a one-time code that only the person who
 * started the server can read: it is printed to the console at start.
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);
const globalForSetup = globalThis as unknown as { __setupCode?: string };

/** Whether this request may create the first admin without the code. */
export function setupNeedsCode(headers: Headers, host: string = env.HOST): boolean {
  return wasForwarded(headers) || !LOOPBACK_HOSTS.has(host);
}

/** The process's setup code (made on first use): 12 characters, grouped for reading aloud. */
export function currentSetupCode(): string {
  globalForSetup.__setupCode ??= randomBytes(9)
    .toString("base64url")
    .replace(/[-_]/g, "x")
    .slice(0, 12)
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, "$1-");
  return globalForSetup.__setupCode;
}

/** Compares in constant time, ignoring case, spaces and dashes. */
export function setupCodeMatches(given: string | undefined): boolean {
  const norm = (s: string) => Buffer.from(s.replace(/[\s-]/g, "").toUpperCase());
  const expected = norm(currentSetupCode());
  const actual = norm(given ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Why this request may not create the first admin, or null when it may. */
export function setupRefusal(headers: Headers, code: string | undefined, host: string = env.HOST): string | null {
  if (!setupNeedsCode(headers, host) || setupCodeMatches(code)) return null;
  return code
    ? "That setup code is not right. Use the code printed in the server's console when it started."
    : "Enter the setup code printed in the server's console when it started (this server can be reached from other machines).";
}

/** Prints the code where only the person who started the server sees it (never to the log table). */
export function announceSetupCode(): void {
  process.stdout.write(
    `\nNo admin account yet. If /setup asks for a setup code, it is: ${currentSetupCode()}\n` +
      `(It is needed when the server listens beyond this machine (HOST=${env.HOST}) or sits behind a proxy.)\n\n`,
  );
}
