import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { AuthUser } from "@/server/auth/session";
import { resolveAuth } from "@/server/auth/session";
import { toAppError } from "@/server/http/errors";
import { logger } from "@/server/logger";
import { correlationIdFrom, runWithContext } from "@/server/request-context";

/**
 * The one tRPC setup: context, error shaping, and the procedures every router builds on.
 * Every procedure is `protectedProcedure` or `adminProcedure`; their `meta.auth` lets the access
 * test enumerate the router and prove each one refuses the callers it must refuse.
 */
export interface Context {
  user: AuthUser | null;
  headers: Headers;
  correlationId: string;
}

export async function createContext({
  headers,
  user,
}: {
  headers: Headers;
  /** Already resolved by the caller (the HTTP route does it once per request). */
  user?: AuthUser | null;
}): Promise<Context> {
  return {
    user: user === undefined ? await resolveAuth(headers) : user,
    headers,
    correlationId: correlationIdFrom(headers),
  };
}

export interface Meta {
  auth: "user" | "admin";
}

/** Turns zod issues into one sentence a person can read ("name: Use at most 80 characters."). */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        message: zod
          ? `Invalid input: ${describeZodError(zod)}`
          : internal
            ? "Something went wrong on the server. The error was logged."
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: zod ? z.flattenError(zod).fieldErrors : undefined,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Correlation id for every log line of the call; known errors to codes; unknown ones logged in full. */
const baseProcedure = t.procedure.use(async ({ ctx, next, path, type }) => {
  return runWithContext({ correlationId: ctx.correlationId, userId: ctx.user?.id }, async () => {
    const result = await next();
    if (!result.ok) {
      const cause = result.error.cause ?? result.error;
      const known = toAppError(cause);
      if (known) {
        result.error = new TRPCError({ code: known.code, message: known.message, cause: known });
      } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
        logger.error("api", `${type} ${path} failed`, {
          error: cause instanceof Error ? cause : new Error(String(cause)),
        });
      }
    }
    return result;
  });
});

export const protectedProcedure = baseProcedure.meta({ auth: "user" }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = baseProcedure.meta({ auth: "admin" }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only an admin can do this." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
