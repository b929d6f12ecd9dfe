import { describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { makeUser } from "@/tests/support/auth";
import { listProcedures, listRouteFiles, trpcRequest } from "@/tests/support/routes";

/**
 * Security rule 1: every procedure and route handler refuses an anonymous caller (401) and,
 * where admin-only, a signed-in user (403). The lists are enumerated, not hand-written, so a
 * new procedure or route is covered the moment it exists.
 */
const PUBLIC_ROUTES = new Set([
  // next-auth's own endpoints (sign-in form post, csrf, session): how a person signs in.
  "/api/auth/[...nextauth]",
]);
// Authenticated by something other than a user: anonymous calls must still get 401, but they
// carry no authedRoute role. The tRPC endpoint checks users itself (procedures are tested above);
// the Inngest endpoint's authentication is the HMAC signature made with the signing key.
const OWN_AUTH_ROUTES = new Set(["/api/trpc/[trpc]", "/api/inngest"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function call(procedure: { path: string; type: string }, headers?: HeadersInit) {
  const req = trpcRequest(procedure, undefined, headers);
  return procedure.type === "query" ? trpcGet(req) : trpcPost(req);
}

describe("tRPC procedures", () => {
  const procedures = listProcedures();

  it("are all declared protected or admin (no public procedure slips in)", () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const p of procedures)
      expect(p.auth, `${p.path} must use protectedProcedure or adminProcedure`).toMatch(/^(user|admin)$/);
  });

  it.each(procedures.map((p) => [p.path, p] as const))("%s refuses an anonymous caller with 401", async (_, p) => {
    const res = await call(p);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it("admin-only procedures refuse a user with 403", async () => {
    const { headers } = await makeUser("user");
    const adminOnly = procedures.filter((p) => p.auth === "admin");
    expect(adminOnly.length).toBeGreaterThan(0);
    for (const p of adminOnly) {
      const res = await call(p, headers);
      expect(res.status, p.path).toBe(403);
    }
  });

  it("a revoked or made-up token is anonymous", async () => {
    const res = await call(
      { path: "users.me", type: "query" },
      { authorization: `Bearer lap_AAAAAAAA_${"x".repeat(32)}` },
    );
    expect(res.status).toBe(401);
  });
});

describe("route handlers", () => {
  const routes = listRouteFiles();

  it("are found", () => {
    expect(routes.map((r) => r.url)).toContain("/api/trpc/[trpc]");
  });

  it.each(routes.filter((r) => !PUBLIC_ROUTES.has(r.url)).map((r) => [r.url, r] as const))(
    "%s refuses anonymous callers with 401 and users with 403 where admin-only",
    async (url, route) => {
      const mod = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
      const handlers = METHODS.filter((m) => typeof mod[m] === "function");
      expect(handlers.length).toBeGreaterThan(0);
      const { headers: userHeaders } = await makeUser("user");
      const concrete = `http://localhost${url.replace(/\[\[?\.{0,3}([^\]]+)\]?\]/g, "x")}`;
      for (const method of handlers) {
        const handler = mod[method] as ((req: Request, ctx: unknown) => Promise<Response>) & { auth?: string };
        const ctx = { params: Promise.resolve(new Proxy({}, { get: () => "x" })) };
        const anon = await handler(new Request(concrete, { method, body: method === "GET" ? undefined : "{}" }), ctx);
        expect(anon.status, `${method} ${url} anonymous`).toBe(401);
        if (OWN_AUTH_ROUTES.has(url)) continue;
        expect(handler.auth, `${method} ${url} must be wrapped with authedRoute`).toMatch(/^(user|admin)$/);
        if (handler.auth === "admin") {
          const asUser = await handler(
            new Request(concrete, { method, headers: userHeaders, body: method === "GET" ? undefined : "{}" }),
            ctx,
          );
          expect(asUser.status, `${method} ${url} as user`).toBe(403);
        }
      }
    },
  );
});
