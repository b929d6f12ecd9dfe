import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { verifyApiToken } from "@/server/auth/api-tokens";
import { db } from "@/server/db";
import { getAuthSecret } from "@/server/runtime/generated-secrets";
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

/**
 * Who is calling: a bearer API token, or the next-auth session cookie. The user is always read
 * from the database, so a deleted user or a changed role takes effect at the next request.
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
  const cookies = parseCookies(headers.get("cookie"));
  if (cookies.size === 0) return null;
  const token = await getToken({
    req: { cookies, headers: {} } as never,
    secret: getAuthSecret(),
    secureCookie: secureCookies,
  });
  if (!token?.sub) return null;
  const user = await db.user.findUnique({ where: { id: token.sub } });
  return user ? toAuthUser(user, "session") : null;
}
