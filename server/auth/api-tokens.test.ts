import { describe, expect, it } from "vitest";
import { makeUser } from "@/tests/support/auth";
import { createApiToken, listApiTokensByUser, revokeApiToken, verifyApiToken } from "@/server/auth/api-tokens";
import { resolveAuth } from "@/server/auth/session";
import { db } from "@/server/db";

describe("API tokens", () => {
  it("authenticates with the token shown once, stores only its hash, and stops after revoke", async () => {
    const { user } = await makeUser();
    const created = await createApiToken({ userId: user.id, name: "cli" });
    expect(created.token).toMatch(/^lap_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token.slice(13));

    const listed = await listApiTokensByUser({ userId: user.id });
    expect(listed.find((t) => t.id === created.id)).toMatchObject({ name: "cli", prefix: created.prefix });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const who = await resolveAuth(new Headers({ authorization: `Bearer ${created.token}` }));
    expect(who).toMatchObject({ id: user.id, via: "token" });

    await revokeApiToken({ userId: user.id, id: created.id });
    expect(await verifyApiToken(created.token)).toBeNull();
  });

  it("refuses malformed, unknown and other users' tokens", async () => {
    const a = await makeUser();
    const b = await makeUser();
    expect(await resolveAuth(new Headers({ authorization: "Bearer nope" }))).toBeNull();
    expect(await resolveAuth(new Headers({ authorization: "Basic abc" }))).toBeNull();
    expect(await verifyApiToken(`lap_AAAAAAAA_${"B".repeat(32)}`)).toBeNull();
    const [tokenOfB] = await listApiTokensByUser({ userId: b.user.id });
    await expect(revokeApiToken({ userId: a.user.id, id: tokenOfB!.id })).rejects.toThrow(/not found/);
  });
});
