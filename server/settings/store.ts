import type { SectionKey } from "@/lib/settings/schema";
import { preparedStatement, sqlite } from "@/server/db";
import { columnList, insertSql, sqlTime } from "@/server/db/sql";

const readAll = preparedStatement<[]>(
  `SELECT ${columnList("Setting", ["section", "value"])} FROM "Setting" ORDER BY section`,
);
const upsertSection = preparedStatement(
  `${insertSql("Setting", ["section", "value", "updatedById", "createdAt", "updatedAt"])}
   ON CONFLICT("section") DO UPDATE SET "value" = excluded."value", "updatedById" = excluded."updatedById", "updatedAt" = excluded."updatedAt"`,
);

/**
 * One row per section; its value is the section's JSON. Settings are read several times per chat
 * turn, so through a prepared statement rather than a Prisma query.
 */
export async function readStoredSections(): Promise<Map<string, string>> {
  const rows = (await readAll()).all() as { section: string; value: string }[];
  return new Map(rows.map((r) => [r.section, r.value]));
}

/**
 * Writes every given section in one synchronous SQLite transaction: all of them or none. Being
 * synchronous, no other write on the shared connection can slip in between.
 */
export async function writeSections(input: {
  sections: { section: SectionKey; value: string }[];
  actorId: string | null;
}): Promise<void> {
  const conn = await sqlite();
  const upsert = await upsertSection();
  const now = sqlTime(new Date());
  conn.transaction(() => {
    for (const { section, value } of input.sections)
      upsert.run({ section, value, updatedById: input.actorId, createdAt: now, updatedAt: now });
  })();
}
