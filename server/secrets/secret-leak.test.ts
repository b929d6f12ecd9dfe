import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db";
import { flushLogs, logger } from "@/server/logger";
import { makeUser } from "@/tests/support/auth";

type AnyProcedure = { _def: { type: "query" | "mutation" | "subscription" } };
type Callable = (input?: unknown) => Promise<unknown>;

function callerAt(caller: unknown, path: string): Callable {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Callable;
}

/** Every answer (or error message) a query gives; input-less first, then an empty object. */
async function answersOf(call: Callable): Promise<string[]> {
  const out: string[] = [];
  for (const input of [undefined, {}]) {
    try {
      out.push(JSON.stringify(await call(input)) ?? "undefined");
    } catch (err) {
      out.push(String((err as Error).message));
    }
  }
  return out;
}

describe("a planted secret never leaks", () => {
  it("is in no query answer, log row or audit row, and comes back only through secrets.reveal", async () => {
    const secret = `planted-${randomBytes(16).toString("hex")}`;
    const admin = await makeUser("admin");
    await admin.caller.secrets.set({ name: "leak.canary", value: secret });
    logger.info("leak-test", `someone printed ${secret}`, { note: secret, nested: { value: secret } });
    logger.error("leak-test", "failure", { error: new Error(`boom ${secret}`) });

    const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
    const queries = Object.entries(procedures)
      .filter(([, p]) => p._def.type === "query")
      .map(([path]) => path);
    expect(queries).toEqual(expect.arrayContaining(["settings.get", "settings.export", "secrets.list"]));
    for (const path of queries) {
      for (const answer of await answersOf(callerAt(admin.caller, path))) {
        expect(answer, `${path} leaked the secret`).not.toContain(secret);
      }
    }

    await flushLogs();
    const logRows = await db.logEntry.findMany({ where: { subsystem: "leak-test" } });
    expect(logRows.length).toBe(2);
    const allLogs = await db.logEntry.findMany();
    expect(JSON.stringify(allLogs)).not.toContain(secret);
    const audits = await db.auditLog.findMany();
    expect(audits.some((a) => a.target === "leak.canary")).toBe(true);
    expect(JSON.stringify(audits)).not.toContain(secret);
    const stored = await db.secret.findMany();
    expect(JSON.stringify(stored)).not.toContain(secret);

    expect(await admin.caller.secrets.reveal({ name: "leak.canary" })).toEqual({ name: "leak.canary", value: secret });
    await flushLogs();
    expect(JSON.stringify(await db.logEntry.findMany())).not.toContain(secret);
    expect(JSON.stringify(await db.auditLog.findMany())).not.toContain(secret);
  });
});
