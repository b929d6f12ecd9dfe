import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy } from "@/server/http/csp";

/**
 * Gives every page response a fresh nonce and its Content-Security-Policy; Next puts the nonce on
 * its own scripts when it finds the policy in the request, and the root layout hands it to
 * next-themes' inline script. API routes, static files and prefetches are left alone.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
