import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { makeUser } from "@/tests/support/auth";
import { resolveAuth } from "@/server/auth/session";
import { db } from "@/server/db";
import { getAuthSecret } from "@/server/runtime/generated-secrets";

const cookieFor = async (sub: string, maxAge = 3600) =>
  new Headers({
    cookie: `theme=dark; next-auth.session-token=${await encode({ token: { sub }, secret: getAuthSecret(), maxAge })}`,
  });

describe("session cookie", () => {
  it("resolves the cookie's user and re-reads the user on every request (role change, deletion)", async () => {
    const { user } = await makeUser();
    const headers = await cookieFor(user.id);
    expect(await resolveAuth(headers)).toMatchObject({ id: user.id, role: "user", via: "session" });

    // The decoded cookie is remembered, the user is not: a new role counts at the next request.
    await db.user.update({ where: { id: user.id }, data: { role: "admin" } });
    expect(await resolveAuth(headers)).toMatchObject({ id: user.id, role: "admin" });

    await db.user.delete({ where: { id: user.id } });
    expect(await resolveAuth(headers)).toBeNull();
  });

  it("refuses a missing, forged or expired cookie", async () => {
    const { user } = await makeUser();
    expect(await resolveAuth(new Headers({ cookie: "theme=dark" }))).toBeNull();
    expect(await resolveAuth(new Headers({ cookie: "next-auth.session-token=not-a-jwt" }))).toBeNull();
    const forged = await encode({ token: { sub: user.id }, secret: "someone else's secret", maxAge: 3600 });
    expect(await resolveAuth(new Headers({ cookie: `next-auth.session-token=${forged}` }))).toBeNull();
    expect(await resolveAuth(await cookieFor(user.id, -60))).toBeNull();
  });
});
