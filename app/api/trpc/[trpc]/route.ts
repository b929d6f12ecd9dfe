import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isAppError } from "@/lib/errors";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { readBodyLimited } from "@/server/http/body";
import { appErrorResponse } from "@/server/http/errors";

const MAX_BODY_BYTES = 1024 * 1024;

async function handler(req: Request): Promise<Response> {
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
    createContext: () => createContext({ headers: req.headers }),
  });
}

export { handler as GET, handler as POST };
