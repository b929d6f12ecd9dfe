import path from "node:path";
import { describe, expect, it } from "vitest";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { makeUser } from "@/tests/support/auth";
import { listProcedures, listRouteFiles, trpcRequest } from "@/tests/support/routes";

/**
 * Issue 22, finding 4: a page on another port of the same host (same-site, so SameSite=Lax let the
 * cookie through) paused the scheduler, created chats and uploaded documents in an admin's
 * name. Every state-changing request must come from the app's own origin, and tRPC and the JSON
 * routes take JSON only. The lists are enumerated, so a new procedure or route is covered.
 * (Server actions are checked by Next itself; tests/e2e/cross-site.spec.ts covers them over HTTP.)
 */
const EVIL = "http://localhost:20010";
const STATE_CHANGING = ["POST", "PUT", "PATCH", "DELETE"] as const;
// Authenticated by an HMAC signature a page on another site cannot make.
const SIGNED_ROUTES = new Set(["/api/inngest"]);

function withHeaders(base: Headers, extra: Record<string, string>): Headers {
  const h = new Headers(base);
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
}

describe("cross-site requests", () => {
  it("every tRPC mutation refuses another origin and another site, even with a valid session", async () => {
    const { headers } = await makeUser("admin");
    const mutations = listProcedures().filter((p) => p.type === "mutation");
    expect(mutations.length).toBeGreaterThan(20);
    for (const p of mutations) {
      const attempts: Record<string, string>[] = [
        { origin: EVIL },
        { "sec-fetch-site": "same-site" },
        { "sec-fetch-site": "cross-site" },
      ];
      for (const extra of attempts) {
        const res = await trpcPost(trpcRequest(p, {}, withHeaders(headers, extra)));
        expect(res.status, `${p.path} with ${JSON.stringify(extra)}`).toBe(403);
        expect(await res.text()).toMatch(/accepts changes only from its own pages/);
      }
    }
  });

  it("tRPC refuses a body that is not JSON (a form post from another page)", async () => {
    const { headers } = await makeUser("admin");
    for (const type of ["multipart/form-data; boundary=x", "text/plain", "application/x-www-form-urlencoded"]) {
      const req = new Request("http://localhost/api/trpc/chat.create", {
        method: "POST",
        headers: withHeaders(headers, { "content-type": type }),
        body: "--x--",
      });
      const res = await trpcPost(req);
      expect(res.status, type).toBe(415);
    }
  });

  it("accepts the app's own pages and scripts without a browser origin", async () => {
    const { headers, user } = await makeUser("user");
    const me = listProcedures().find((p) => p.path === "chat.create")!;
    const own = await trpcPost(
      trpcRequest(me, {}, withHeaders(headers, { origin: "http://localhost", "sec-fetch-site": "same-origin" })),
    );
    expect(own.status).toBe(200);
    const script = await trpcPost(trpcRequest(me, {}, headers));
    expect(script.status).toBe(200);
    expect(user.id).toBeTruthy();
  });

  it("every state-changing route handler refuses another origin before anything else", async () => {
    const { headers } = await makeUser("admin");
    const routes = listRouteFiles().filter((r) => !SIGNED_ROUTES.has(r.url));
    let checked = 0;
    for (const route of routes) {
      const mod = (await import(path.resolve(route.file))) as Record<string, unknown>;
      for (const method of STATE_CHANGING) {
        const handler = mod[method] as ((req: Request, ctx?: unknown) => Promise<Response>) | undefined;
        if (!handler) continue;
        const url = `http://localhost${route.url.replace(/\[\.\.\.(\w+)\]|\[(\w+)\]/g, "x")}`;
        const req = new Request(url, {
          method,
          headers: withHeaders(headers, { origin: EVIL, "content-type": "application/json" }),
          body: "{}",
        });
        const res = await handler(req, { params: Promise.resolve({ nextauth: ["signout"], id: "x" }) });
        expect(res.status, `${method} ${route.url}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
