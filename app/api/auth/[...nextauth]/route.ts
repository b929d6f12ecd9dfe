import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";

// next-auth's own endpoints (sign-in form post, session, csrf, sign-out) are the only route
// handlers that answer anonymous callers: they are how a person becomes signed in.
const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(authOptions())(req, ctx);

export { handler as GET, handler as POST };
