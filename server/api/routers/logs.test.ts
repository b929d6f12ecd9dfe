import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { flushLogs, logger } from "@/server/logger";
import { makeUser } from "@/tests/support/auth";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
}

describe("logs router", () => {
  it("lists, reads and counts what the caller may see", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    logger.info("t-router", "mine", undefined, { userId: user.user.id });
    logger.info("t-router", "not mine", undefined, { userId: admin.user.id });
    await flushLogs();

    const mine = await user.caller.logs.list({ filters: { subsystems: ["t-router"] } });
    expect(mine.entries.map((e) => e.message)).toEqual(["mine"]);
    const all = await admin.caller.logs.list({ filters: { subsystems: ["t-router"] } });
    expect(all.entries.map((e) => e.message)).toEqual(["not mine", "mine"]);

    const detail = await user.caller.logs.get({ id: mine.entries[0]!.id });
    expect(detail).toMatchObject({ message: "mine", subsystem: "t-router", stack: null });
    expect(await codeOf(user.caller.logs.get({ id: all.entries[0]!.id }))).toBe("NOT_FOUND");
    expect((await user.caller.logs.context({ id: mine.entries[0]!.id })).entries.map((e) => e.message)).toEqual([
      "mine",
    ]);
    expect((await user.caller.logs.correlated({ id: mine.entries[0]!.id })).entries).toHaveLength(1);
    expect(await user.caller.logs.subsystems()).toContain("t-router");
    expect((await user.caller.logs.stats()).byLevel.INFO).toBeGreaterThanOrEqual(1);
  });

  it("answers unknown ids with 404 and bad input with 400", async () => {
    const { caller } = await makeUser("admin");
    expect(await codeOf(caller.logs.get({ id: 987654321 }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.logs.context({ id: 987654321 }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.logs.correlated({ id: 987654321 }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.logs.list({ limit: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.logs.list({ limit: 501 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.logs.list({ filters: { levels: ["LOUD" as never] } }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.logs.list({ filters: { q: "x".repeat(201) } }))).toBe("BAD_REQUEST");
    expect(
      await codeOf(caller.logs.list({ filters: { from: new Date("2030-01-01"), to: new Date("2020-01-01") } })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(caller.logs.get({ id: -1 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.logs.audit({ limit: 1000 }))).toBe("BAD_REQUEST");
  });

  it("lists the audit log for admins only, newest first, filtered by action", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    await admin.caller.tokens.create({ name: "audit-a" });
    await admin.caller.tokens.create({ name: "audit-b" });
    expect(await codeOf(user.caller.logs.audit({}))).toBe("FORBIDDEN");

    const first = await admin.caller.logs.audit({ action: "token.create", limit: 1 });
    expect(first.entries).toHaveLength(1);
    expect(first.entries[0]!.details).toMatchObject({ name: "audit-b" });
    const second = await admin.caller.logs.audit({ action: "token.create", limit: 1, cursor: first.nextCursor! });
    expect(second.entries[0]!.details).toMatchObject({ name: "audit-a" });
    expect(await admin.caller.logs.auditActions()).toContain("token.create");
  });
});
