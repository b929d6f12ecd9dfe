import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redactString } from "@/lib/redact";
import { db } from "@/server/db";
import { open, seal } from "@/server/secrets/crypto";
import { deleteSecret, getSecretValue, listSecrets, maskedHint, revealSecret, setSecret } from "@/server/secrets/vault";
import { makeUser } from "@/tests/support/auth";

const admin = { id: "vault-admin", email: "admin@example.test", role: "admin" as const };

describe("vault crypto", () => {
  it("round-trips with a fresh IV each time and detects tampering, a wrong key and a moved row", () => {
    const key = randomBytes(32);
    const a = seal(key, "x.key", "hunter2-value");
    const b = seal(key, "x.key", "hunter2-value");
    expect(Buffer.from(a.iv, "base64")).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(open(key, "x.key", a)).toBe("hunter2-value");

    const flipped = Buffer.from(a.ciphertext, "base64");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => open(key, "x.key", { ...a, ciphertext: flipped.toString("base64") })).toThrow();
    expect(() => open(randomBytes(32), "x.key", a)).toThrow();
    expect(() => open(key, "y.key", a)).toThrow();
  });

  it("masks short values completely", () => {
    expect(maskedHint("short")).toBe("••••");
    expect(maskedHint("sk-or-v1-abcdef1a2b")).toBe("••••1a2b");
  });
});

describe("vault", () => {
  it("stores encrypted, lists masked, replaces, reads for the server and deletes", async () => {
    const value = `sk-test-${randomBytes(12).toString("hex")}`;
    const created = await setSecret({ actor: admin, name: "openrouter.apiKey", value });
    expect(created).toMatchObject({ name: "openrouter.apiKey", hint: `••••${value.slice(-4)}` });

    const row = await db.secret.findUniqueOrThrow({ where: { name: "openrouter.apiKey" } });
    expect(JSON.stringify(row)).not.toContain(value);
    expect(Buffer.from(row.iv, "base64")).toHaveLength(12);
    expect(row.tag).not.toBe("");

    const listed = await listSecrets();
    expect(listed).toEqual([{ name: "openrouter.apiKey", hint: created.hint, updatedAt: expect.any(Date) }]);
    expect(JSON.stringify(listed)).not.toContain(value);

    expect(await getSecretValue("openrouter.apiKey")).toBe(value);
    expect(redactString(`key is ${value}`)).toBe("key is [REDACTED]");
    expect(await getSecretValue("missing.key")).toBeNull();

    await setSecret({ actor: admin, name: "openrouter.apiKey", value: "tiny" });
    expect((await listSecrets())[0]!.hint).toBe("••••");
    expect(await getSecretValue("openrouter.apiKey")).toBe("tiny");

    await deleteSecret({ actor: admin, name: "openrouter.apiKey" });
    expect(await listSecrets()).toEqual([]);
    await expect(deleteSecret({ actor: admin, name: "openrouter.apiKey" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses bad names with a sentence", async () => {
    await expect(setSecret({ actor: admin, name: "../etc", value: "x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Secret name: Use 2 to 64/),
    });
    await expect(setSecret({ actor: admin, name: "ok.name", value: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("gives a clear error, not a crash, when the stored value was altered", async () => {
    await setSecret({ actor: admin, name: "tampered", value: "original-value-123" });
    const row = await db.secret.findUniqueOrThrow({ where: { name: "tampered" } });
    const bytes = Buffer.from(row.ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 0xff;
    await db.secret.update({ where: { name: "tampered" }, data: { ciphertext: bytes.toString("base64") } });
    await expect(getSecretValue("tampered")).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/cannot be decrypted/),
    });
    await expect(revealSecret({ actor: admin, name: "tampered" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await deleteSecret({ actor: admin, name: "tampered" });
  });

  it("reveals one secret to an admin, audited, and refuses users through the router", async () => {
    const user = await makeUser("user");
    const boss = await makeUser("admin");
    await boss.caller.secrets.set({ name: "smtp.password", value: "p4ssw0rd-for-smtp" });
    for (const call of [
      () => user.caller.secrets.list(),
      () => user.caller.secrets.set({ name: "smtp.password", value: "x" }),
      () => user.caller.secrets.reveal({ name: "smtp.password" }),
      () => user.caller.secrets.delete({ name: "smtp.password" }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(revealSecret({ actor: { ...user.user, role: "user" }, name: "smtp.password" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    expect(await boss.caller.secrets.reveal({ name: "smtp.password" })).toEqual({
      name: "smtp.password",
      value: "p4ssw0rd-for-smtp",
    });
    const audit = await db.auditLog.findFirst({ where: { action: "secret.reveal", target: "smtp.password" } });
    expect(audit).toMatchObject({ actorId: boss.user.id });
    expect(JSON.stringify(audit)).not.toContain("p4ssw0rd-for-smtp");
    await expect(boss.caller.secrets.reveal({ name: "no.such" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(boss.caller.secrets.set({ name: "bad name", value: "x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await boss.caller.secrets.delete({ name: "smtp.password" })).toEqual({ ok: true });
  });
});
