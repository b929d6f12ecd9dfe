import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isAppError } from "@/lib/errors";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { resolveAuth } from "@/server/auth/session";
import { readBodyLimited } from "@/server/http/body";
import { appErrorResponse } from "@/server/http/errors";
import { bodyKindResponse, crossSiteResponse } from "@/server/http/same-origin";

const MAX_BODY_BYTES = 1024 * 1024;

/** tRPC's own error shape, so typed clients read the 401 like any other procedure error. */
function unauthorized(): Response {
  return Response.json(
    {
      error: {
        json: { message: "Sign in to continue.", code: -32001, data: { code: "UNAUTHORIZED", httpStatus: 401 } },
      },
    },
    { status: 401 },
  );
}

async function handler(req: Request): Promise<Response> {
  // Mutations come from the app's own pages (or a script without a browser's Origin), as JSON.
  const crossSite = crossSiteResponse(req);
  if (crossSite) return crossSite;
  // Anonymous callers learn nothing, not even which procedures exist.
  const user = await resolveAuth(req.headers);
  if (!user) return unauthorized();
  const wrongBody = bodyKindResponse(req);
  if (wrongBody) return wrongBody;
  let request = req;
  if (req.method === "POST") {
    try {
      const body = await readBodyLimited(req, MAX_BODY_BYTES);
      request = new Request(req.url, { method: "POST", headers: req.headers, body: body as BodyInit });
    } catch (err) {
      if (isAppError(err)) return appErrorResponse(err);
      throw err;
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers, user }),
  });
}

export { handler as GET, handler as POST };
