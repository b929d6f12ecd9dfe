import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import type { AppRouter } from "@/server/api/root";
import { makeUser } from "@/tests/support/auth";
import { serveHandlers } from "@/tests/support/http-server";

/** The README's example: another TypeScript program talks to the app with an API token. */
describe("typed tRPC client with an API token", () => {
  let server: Awaited<ReturnType<typeof serveHandlers>>;
  beforeAll(async () => {
    server = await serveHandlers({ "/api/trpc": (req) => (req.method === "GET" ? GET(req) : POST(req)) });
  });
  afterAll(() => server.close());

  function client(token: string) {
    return createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${server.url}/api/trpc`,
          transformer: superjson,
          headers: { authorization: `Bearer ${token}` },
        }),
      ],
    });
  }

  it("reads and writes as the token's user", async () => {
    const { user, token } = await makeUser("user");
    const api = client(token);
    const me = await api.users.me.query();
    expect(me).toMatchObject({ id: user.id, email: user.email, role: "user" });
    expect(me.createdAt).toBeInstanceOf(Date);
    const created = await api.tokens.create.mutate({ name: "from a script" });
    const listed = await api.tokens.list.query();
    expect(listed.map((t) => t.prefix)).toContain(created.prefix);
  });

  it("gets typed errors: 401 for a bad token, 403 for an admin-only call", async () => {
    const bad = client(`lap_AAAAAAAA_${"x".repeat(32)}`);
    await expect(bad.users.me.query()).rejects.toSatisfy(
      (e) => e instanceof TRPCClientError && e.data?.httpStatus === 401,
    );
    const { token } = await makeUser("user");
    await expect(client(token).users.list.query()).rejects.toSatisfy(
      (e) => e instanceof TRPCClientError && e.data?.code === "FORBIDDEN" && /Only an admin/.test(e.message),
    );
  });
});
