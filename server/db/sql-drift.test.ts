import { describe, expect, it } from "vitest";
import { sqlite } from "@/server/db";
import { EXTERNAL_TABLES, rawColumnsInUse } from "@/server/db/sql";
import { Prisma } from "@/server/generated/prisma/client";
import { importsOf, listSourceFiles } from "@/tests/support/import-graph";

/**
 * Raw statements name their columns through server/db/sql.ts; this compares every name they use,
 * and every Prisma model, with the migrated database (the template every test copies), so a
 * schema change without its migration, or a migration that drops a column a raw statement still
 * reads, fails here instead of at run time.
 */
async function columnsOf(table: string): Promise<string[]> {
  const raw = await sqlite();
  return (raw.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

describe("raw SQL and the migrated schema", () => {
  it("every column a raw statement names exists in its table", async () => {
    const users = listSourceFiles("server").filter(
      (f) => !f.endsWith(".test.ts") && importsOf(f).some((e) => e.target === "server/db/sql"),
    );
    expect(users.length).toBeGreaterThan(0);
    for (const file of users) await import(`@/${file.replace(/\.tsx?$/, "")}`);

    const missing: string[] = [];
    for (const [table, columns] of rawColumnsInUse()) {
      const actual = new Set(await columnsOf(table));
      if (actual.size === 0) missing.push(`table ${table}`);
      for (const c of columns) if (!actual.has(c)) missing.push(`${table}.${c}`);
    }
    expect(missing).toEqual([]);
    expect(rawColumnsInUse().size).toBeGreaterThan(0);
  });

  it("every Prisma model matches its migrated table column for column", async () => {
    const drift: string[] = [];
    for (const model of Object.values(Prisma.ModelName)) {
      const fields = Object.values(Prisma[`${model}ScalarFieldEnum` as const] as Record<string, string>).sort();
      const actual = (await columnsOf(model)).sort();
      if (JSON.stringify(fields) !== JSON.stringify(actual))
        drift.push(`${model}: schema ${fields.join(",")} / database ${actual.join(",")}`);
    }
    expect(drift).toEqual([]);
  });

  it("the external tables have the columns server/db/sql.ts lists", async () => {
    for (const [table, columns] of Object.entries(EXTERNAL_TABLES)) {
      const actual = await columnsOf(table);
      for (const c of columns) expect(actual, `${table}.${c}`).toContain(c);
    }
  });
});
