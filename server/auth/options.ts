import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { emailSchema } from "@/lib/validation";
import { logger } from "@/server/logger";
import { dummyHash, verifyPassword } from "@/server/auth/password";
import { secureCookies } from "@/server/auth/session";
import { recordSignIn, throttleSignIn } from "@/server/auth/throttle";
import { getAuthSecret } from "@/server/runtime/generated-secrets";
import { getUserByEmail } from "@/server/users/store";

const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});

/** Raised to the sign-in page as ?error=...; the page turns the code into a sentence. */
export const SIGN_IN_LOCKED = "Locked";

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || "local";
}

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
          const ip = clientIp(req?.headers);
          const verdict = await throttleSignIn({ key: email, ip });
          if (verdict.locked) {
            logger.warn("auth", "sign-in refused: too many failed attempts", { email, ip });
            throw new Error(SIGN_IN_LOCKED);
          }
          const user = await getUserByEmail({ email });
          const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
          await recordSignIn({ key: email, ip, ok: ok && !!user });
          if (!user || !ok) {
            logger.info("auth", "sign-in failed", { email, ip });
            return null;
          }
          logger.info("auth", "signed in", { email, ip }, { userId: user.id });
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.role = (user as { role?: string }).role;
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.sub, role: token.role });
        return session;
      },
    },
    logger: {
      error: (code, metadata) => logger.error("auth", `next-auth: ${code}`, { metadata }),
      warn: (code) => logger.warn("auth", `next-auth: ${code}`),
      debug: () => undefined,
    },
  };
}
