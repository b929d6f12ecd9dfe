import { describe, expect, it } from "vitest";
import type { AuthUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { verifyPassword } from "@/server/auth/password";
import { createUser } from "@/server/users/users";
import { changeOwnPassword, renameUser, saveTheme } from "./action-handlers";

async function authUser(): Promise<AuthUser> {
  const user = await createUser({
    email: `u${Math.random().toString(36).slice(2)}@example.test`,
    name: "Ada",
    password: "correct horse battery",
    role: "user",
  });
  return { id: user.id, email: user.email, name: user.name, role: "user", theme: user.theme, via: "session" };
}

describe("profile actions", () => {
  it("refuse a caller who is not signed in", async () => {
    expect(await renameUser(null, { name: "X" })).toMatchObject({ status: "failed" });
    expect(await saveTheme(null, { theme: "dark" })).toMatchObject({ status: "failed" });
    expect(await changeOwnPassword(null, {})).toMatchObject({ status: "failed" });
  });

  it("rename after trimming, and reject an empty name", async () => {
    const user = await authUser();
    expect(await renameUser(user, { name: "  Grace  " })).toEqual({ status: "success", data: { name: "Grace" } });
    const bad = await renameUser(user, { name: "   " });
    expect(bad.status).toBe("invalid");
    expect(bad.status === "invalid" && bad.fieldErrors.name?.[0]).toBe("Enter a name.");
  });

  it("save a theme and refuse an unknown one", async () => {
    const user = await authUser();
    expect(await saveTheme(user, { theme: "dark" })).toEqual({ status: "success", data: { theme: "dark" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).theme).toBe("dark");
    expect((await saveTheme(user, { theme: "purple" })).status).toBe("invalid");
  });

  it("change the password only with the right current one, and audit it", async () => {
    const user = await authUser();
    const wrong = await changeOwnPassword(user, {
      current: "not it at all",
      next: "a brand new secret",
      confirm: "a brand new secret",
    });
    expect(wrong).toEqual({ status: "failed", message: "The current password is not right." });

    const mismatch = await changeOwnPassword(user, {
      current: "correct horse battery",
      next: "a brand new secret",
      confirm: "another one!!",
    });
    expect(mismatch.status === "invalid" && mismatch.fieldErrors.confirm?.[0]).toBe(
      "The two new passwords do not match.",
    );

    const ok = await changeOwnPassword(user, {
      current: "correct horse battery",
      next: "a brand new secret",
      confirm: "a brand new secret",
    });
    expect(ok.status).toBe("success");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("a brand new secret", row.passwordHash)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "user.password", actorId: user.id } })).toBe(1);
  });
});
