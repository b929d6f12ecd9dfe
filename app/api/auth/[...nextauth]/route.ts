import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { crossSiteRefusal } from "@/server/http/same-origin";
import { errorResponse } from "@/server/http/errors";

// next-auth's own endpoints (sign-in form post, session, csrf, sign-out) are the only route
// handlers that answer anonymous callers: they are how a person becomes signed in.
// Its form posts are urlencoded, so only the origin is checked here (next-auth adds its CSRF token).
const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => {
  const crossSite = crossSiteRefusal(req);
  if (crossSite) return errorResponse(403, crossSite);
  return NextAuth(authOptions())(req, ctx);
};

export { handler as GET, handler as POST };
