import { type AuthUser, resolveAuth } from "@/server/auth/session";
import { appErrorResponse, errorResponse, toAppError } from "@/server/http/errors";
import { logger } from "@/server/logger";
import { correlationIdFrom, runWithContext } from "@/server/request-context";
import { type BodyKind, bodyKindResponse, crossSiteResponse } from "@/server/http/same-origin";

/**
 * Wraps a route handler: refuses state-changing calls from other sites (same-origin.ts), resolves the caller (401 when anonymous, 403 when an admin is needed),
 * runs it inside a correlation context, and turns errors into 4xx JSON with a message; an
 * unknown error is logged in full and answered with a generic 500.
 */
export interface RouteContext<P> {
  user: AuthUser;
  params: P;
  correlationId: string;
}

type Handler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response> | Response;

/** A route handler built by authedRoute carries the role it requires, for the access test. */
export type AuthedHandler<P> = ((req: Request, next?: { params?: Promise<P> }) => Promise<Response>) & {
  auth: "user" | "admin";
};

export function authedRoute<P = Record<string, string>>(
  handler: Handler<P>,
  options: {
    role?: "admin" | "user";
    /** Body kinds a state-changing call may send: JSON unless said otherwise; "any" for raw file uploads. */
    accepts?: readonly BodyKind[] | "any";
  } = {},
): AuthedHandler<P> {
  const route = async (req: Request, next?: { params?: Promise<P> }): Promise<Response> => {
    const correlationId = correlationIdFrom(req.headers);
    return runWithContext({ correlationId }, async () => {
      try {
        const crossSite = crossSiteResponse(req);
        if (crossSite) return crossSite;
        const user = await resolveAuth(req.headers);
        if (!user) return errorResponse(401, "Sign in to continue.");
        if (options.role === "admin" && user.role !== "admin") return errorResponse(403, "Only an admin can do this.");
        const wrongBody = bodyKindResponse(req, options.accepts);
        if (wrongBody) return wrongBody;
        const params = ((await next?.params) ?? {}) as P;
        return await runWithContext({ userId: user.id }, () => handler(req, { user, params, correlationId }));
      } catch (err) {
        const known = toAppError(err);
        if (known) return appErrorResponse(known);
        // A person who closes the tab mid-upload is not a server fault: no ERROR, no alert.
        if (req.signal.aborted) {
          logger.info("api", `${req.method} ${new URL(req.url).pathname}: the client went away before it finished`);
          return errorResponse(499, "The request was cancelled by the client.");
        }
        logger.error("api", `${req.method} ${new URL(req.url).pathname} failed`, {
          error: err instanceof Error ? err : new Error(String(err)),
        });
        return errorResponse(500, "Something went wrong on the server. The error was logged.");
      }
    });
  };
  return Object.assign(route, { auth: options.role ?? "user" });
}
