import { getToken } from "next-auth/jwt";
import { env } from "@/server/env";
import { verifyApiToken } from "@/server/auth/api-tokens";
import { isSessionRevoked } from "@/server/auth/store";
import { getAuthSecret } from "@/server/runtime/generated-secrets";
import { getSessionUserById } from "@/server/users/store";
import type { Role } from "@/server/users/users";

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The account's saved theme, applied on a device that has no local choice yet. */
  theme: string;
  via: "session" | "token";
}

/** next-auth names its cookie __Secure-… when the app is served over https. */
export const secureCookies = env.NEXTAUTH_URL?.startsWith("https://") ?? false;

function parseCookies(header: string | null): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) map.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return map;
}

function toAuthUser(
  user: { id: string; email: string; name: string; role: string; theme: string },
  via: AuthUser["via"],
): AuthUser {
  const role = user.role === "admin" ? "admin" : "user";
  return { id: user.id, email: user.email, name: user.name, role, theme: user.theme, via };
}

/** The cookie next-auth keeps the session JWT in (split into .0, .1, … when large). */
const sessionCookie = `${secureCookies ? "__Secure-" : ""}next-auth.session-token`;

/**
 * Decrypted session cookies, so a request does not pay for key derivation and JWE decryption of
 * a cookie already seen. Only who the cookie names is kept, until the cookie's own expiry (at
 * most a few minutes); the user is still read from the database on every request.
 */
const decoded = new Map<string, SessionClaims & { until: number }>();

interface SessionClaims {
  sub: string;
  /** The account's session version when the session was made (a new password raises it). */
  sv: number;
  /** The session's own id, kept when next-auth re-encodes the cookie; a sign-out revokes it. */
  sid: string | null;
}
const DECODED_MAX = 500;
const DECODED_TTL_MS = 5 * 60_000;

async function sessionSubject(cookies: Map<string, string>): Promise<SessionClaims | null> {
  const key = [...cookies]
    .filter(([name]) => name === sessionCookie || name.startsWith(`${sessionCookie}.`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, value]) => value)
    .join("|");
  if (!key) return null;
  const now = Date.now();
  const hit = decoded.get(key);
  if (hit && hit.until > now) return hit;
  const token = await getToken({
    req: { cookies, headers: {} } as never,
    secret: getAuthSecret(),
    secureCookie: secureCookies,
  });
  if (!token?.sub) return null;
  const expires = typeof token.exp === "number" ? token.exp * 1000 : now;
  // Cookies made before session versions existed count as version 0.
  const entry: SessionClaims = {
    sub: token.sub,
    sv: typeof token.sv === "number" ? token.sv : 0,
    sid: typeof token.sid === "string" ? token.sid : null,
  };
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, { ...entry, until: Math.min(expires, now + DECODED_TTL_MS) });
  return entry;
}

/**
 * Who is calling: a bearer API token, or the next-auth session cookie. The user is always read
 * from the database, so a deleted user or a changed role takes effect at the next request, and a
 * signed-out session (its sid revoked) or a cookie from before a password change (an older
 * session version) is refused.
 * Works from route handlers, tRPC, pages and plain tests (it only needs the headers).
 */
export async function resolveAuth(headers: Headers): Promise<AuthUser | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    const user = await verifyApiToken(match[1]!);
    return user ? toAuthUser(user, "token") : null;
  }
  const session = await sessionSubject(parseCookies(headers.get("cookie")));
  if (!session) return null;
  if (session.sid && (await isSessionRevoked({ sid: session.sid }))) return null;
  const user = await getSessionUserById({ id: session.sub });
  return user && user.sessionVersion === session.sv ? toAuthUser(user, "session") : null;
}
