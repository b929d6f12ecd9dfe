import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { authOptions } from "@/server/auth/options";
import { resolveAuth } from "@/server/auth/session";
import { eventBus } from "@/server/events";
import { openEventStream } from "@/server/events-sse";
import { getAuthSecret } from "@/server/runtime/generated-secrets";
import { changePassword, deleteUser, setUserRole } from "@/server/users/users";
import { makeUser } from "@/tests/support/auth";

/**
 * Issue 22, finding 9: after sign-out and after a password change the old cookie still worked
 * (a 7-day JWT), and an admin's open event stream kept receiving every user's events after the
 * admin was demoted or deleted. A sign-out revokes its session's id, a new password raises the
 * account's session version, and open streams re-check their user when the account changes.
 */
async function cookieFor(sub: string, sv = 0, sid: string = crypto.randomUUID()) {
  const token = await encode({ token: { sub, sv, sid }, secret: getAuthSecret(), maxAge: 3600 });
  return { headers: new Headers({ cookie: `next-auth.session-token=${token}` }), sid };
}

describe("sessions", () => {
  it("end with a sign-out: that session's cookie is refused afterwards, the account's other devices stay in", async () => {
    const { user } = await makeUser("user");
    const laptop = await cookieFor(user.id);
    const phone = await cookieFor(user.id);
    expect(await resolveAuth(laptop.headers)).toMatchObject({ id: user.id });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    await authOptions().events!.signOut!({ token: { sub: user.id, sid: laptop.sid, exp }, session: null as never });
    expect(await resolveAuth(laptop.headers)).toBeNull();
    expect(await resolveAuth(phone.headers)).toMatchObject({ id: user.id });
  });

  it("end with a password change", async () => {
    const { user } = await makeUser("user");
    const { headers } = await cookieFor(user.id);
    await changePassword({ id: user.id, current: "correct horse battery", next: "another long passphrase" });
    expect(await resolveAuth(headers)).toBeNull();
  });
});

describe("an open event stream", () => {
  async function streamFor(role: "admin" | "user") {
    const { user } = await makeUser(role);
    const { headers } = await cookieFor(user.id);
    const viewer = (await resolveAuth(headers))!;
    const stream = openEventStream({
      viewer,
      topics: ["logs"],
      lastEventId: null,
      recheck: () => resolveAuth(headers),
      heartbeatMs: 60_000,
    });
    const reader = stream.getReader();
    const closed = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();
    return { user, closed };
  }

  it("closes when its admin is demoted", async () => {
    const { user, closed } = await streamFor("admin");
    await makeUser("admin"); // someone must stay admin
    await setUserRole({ id: user.id, role: "user" });
    await vi.waitFor(async () => expect(await closed).toBe(true), { timeout: 5000 });
  });

  it("closes when its user is deleted", async () => {
    const { user, closed } = await streamFor("user");
    const admin = await makeUser("admin");
    await deleteUser({ id: user.id, actorId: admin.user.id });
    await vi.waitFor(async () => expect(await closed).toBe(true), { timeout: 5000 });
  });

  it("stays open while nothing changes", async () => {
    const { closed } = await streamFor("user");
    let done = false;
    void closed.then(() => {
      done = true;
    });
    eventBus.publish("logs", { level: "INFO" } as never);
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
  });
});
