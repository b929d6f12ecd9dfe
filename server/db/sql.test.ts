import { describe, expect, it } from "vitest";
import { db, sqlite } from "@/server/db";
import { columnList, insertSql, newRowId, rowDefaults, sqlTime } from "@/server/db/sql";
import { toAppError } from "@/server/http/errors";

async function makeUser(email: string) {
  return db.user.create({ data: { email, name: "U", passwordHash: "x", role: "user" } });
}

describe("row defaults of raw inserts", () => {
  it("are shaped like what Prisma writes: cuid-shaped ids, dates in the adapter's text form", async () => {
    const user = await makeUser("defaults@example.com");
    await db.apiToken.create({ data: { userId: user.id, name: "prisma", prefix: "p1", tokenHash: "h1" } });
    const raw = await sqlite();
    const defaults = rowDefaults();
    raw
      .prepare(insertSql("ApiToken", ["id", "userId", "name", "prefix", "tokenHash", "createdAt", "updatedAt"]))
      .run({ ...defaults, userId: user.id, name: "raw", prefix: "p2", tokenHash: "h2" });

    const rows = raw
      .prepare(
        `SELECT ${columnList("ApiToken", ["id", "name", "createdAt", "updatedAt"])} FROM ApiToken ORDER BY createdAt`,
      )
      .all() as { id: string; name: string; createdAt: string; updatedAt: string }[];
    expect(rows.map((r) => r.name)).toEqual(["prisma", "raw"]);
    const [fromPrisma, fromRaw] = rows as [(typeof rows)[0], (typeof rows)[0]];
    const shape = (r: typeof fromPrisma) => ({
      id: r.id.replace(/[0-9a-z]/g, "x"),
      createdAt: r.createdAt.replace(/\d/g, "9"),
      updatedAt: r.updatedAt.replace(/\d/g, "9"),
    });
    expect(shape(fromRaw)).toEqual(shape(fromPrisma));
    // Prisma reads the raw row back as the same values.
    const read = await db.apiToken.findUniqueOrThrow({ where: { id: fromRaw.id } });
    expect(read.createdAt.toISOString()).toBe(new Date(fromRaw.createdAt).toISOString());
    expect(sqlTime(read.createdAt)).toBe(fromRaw.createdAt);
  });

  it("gives unique, time-ordered ids", () => {
    const ids = Array.from({ length: 2000 }, newRowId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
  });
});

describe("column lists", () => {
  it("refuse a column the Prisma model does not have", () => {
    // @ts-expect-error: not a column of ApiToken (tsc refuses it too)
    expect(() => columnList("ApiToken", ["id", "nope"])).toThrow(/ApiToken has no column nope/);
  });
});

describe("constraint errors on a raw path", () => {
  it("answer the same 4xx as Prisma's", async () => {
    const user = await makeUser("constraint@example.com");
    const insert = (await sqlite()).prepare(
      insertSql("ApiToken", ["id", "userId", "name", "prefix", "tokenHash", "createdAt", "updatedAt"]),
    );
    const row = { ...rowDefaults(), userId: user.id, name: "a", prefix: "dup", tokenHash: "t1" };
    insert.run(row);

    let rawError: unknown;
    try {
      insert.run({ ...row, id: newRowId(), tokenHash: "t2" });
    } catch (err) {
      rawError = err;
    }
    let prismaError: unknown;
    try {
      await db.apiToken.create({ data: { userId: user.id, name: "b", prefix: "dup", tokenHash: "t3" } });
    } catch (err) {
      prismaError = err;
    }
    expect((rawError as { code: string }).code).toBe("SQLITE_CONSTRAINT_UNIQUE");
    expect(toAppError(rawError)).toMatchObject({ code: "CONFLICT" });
    expect(toAppError(rawError)?.message).toBe(toAppError(prismaError)?.message);

    let fkError: unknown;
    try {
      insert.run({ ...row, id: newRowId(), userId: "no-such-user", prefix: "p-fk", tokenHash: "t4" });
    } catch (err) {
      fkError = err;
    }
    expect(toAppError(fkError)).toMatchObject({ code: "CONFLICT" });
  });
});
