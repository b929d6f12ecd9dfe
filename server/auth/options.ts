import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { emailSchema } from "@/lib/validation";
import { logger } from "@/server/logger";
import { dummyHash, verifyPassword } from "@/server/auth/password";
import { secureCookies } from "@/server/auth/session";
import { oneAtATime, recordSignIn, throttleSignIn } from "@/server/auth/throttle";
import { clientAddress } from "@/server/http/client-address";
import { getAuthSecret } from "@/server/runtime/generated-secrets";
import { getUserByEmail } from "@/server/users/store";
import { endSession } from "@/server/auth/sign-out";

const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

export function authOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S, updateAge: 3600 },
    useSecureCookies: secureCookies,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const ip = clientAddress(req?.headers ?? {});
          return oneAtATime(email, ip, async () => {
            await throttleSignIn({ key: email, ip });
            const user = await getUserByEmail({ email });
            const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
            await recordSignIn({ key: email, ip, ok: ok && !!user });
            if (!user || !ok) {
              logger.info("auth", "sign-in failed", { email, ip });
              return null;
            }
            logger.info("auth", "signed in", { email, ip }, { userId: user.id });
            return {
              id: user.id,
              email: user.email,
              name: user.name,
              role: user.role,
              sessionVersion: user.sessionVersion,
            };
          });
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.role = (user as { role?: string }).role;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          token.sid = randomUUID();
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub, role: token.role });
        return session;
      },
    },
    events: {
      // Revokes this session, so the signed-out cookie (or a copy of it) stops working; the
      // account's other devices stay signed in.
      async signOut({ token }) {
        if (!token?.sub || typeof token.sid !== "string") return;
        const expiresAt = new Date(
          typeof token.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_S * 1000,
        );
        await endSession({ userId: token.sub, sid: token.sid, expiresAt });
      },
    },
    logger: {
      error: (code, metadata) => logger.error("auth", `next-auth: ${code}`, { metadata }),
      warn: (code) => logger.warn("auth", `next-auth: ${code}`),
      debug: () => undefined,
    },
  };
}
