import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";

/**
 * The Inngest protocol endpoint. Its authentication is the request signature (HMAC with the
 * signing key), checked by the SDK in cloud mode; the unauthenticated introspection GET and the
 * out-of-band sync PUT are refused here too, so an anonymous caller only ever gets 401.
 * (With INNGEST_DEV set, the SDK checks no signatures: that mode is for a trusted machine only.)
 */
const handlers = serve({ client: inngest, functions });

type Handler = (req: Request, ctx: unknown) => Promise<Response>;

function signedOnly(handler: Handler): Handler {
  return async (req, ctx) => {
    if (inngest.mode === "cloud" && !req.headers.get("x-inngest-signature")) {
      return Response.json({ message: "Unauthorized" }, { status: 401 });
    }
    return handler(req, ctx);
  };
}

export const GET = signedOnly(handlers.GET as Handler);
export const POST = signedOnly(handlers.POST as Handler);
export const PUT = signedOnly(handlers.PUT as Handler);
