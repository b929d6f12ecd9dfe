import type { SectionKey } from "@/lib/settings/schema";
import { preparedStatement, sqlite } from "@/server/db";
import { sqlTime } from "@/server/db/sql";

const readAll = preparedStatement<[]>(`SELECT section, value FROM "Setting" ORDER BY section`);

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
  const upsert = conn.prepare(
    `INSERT INTO "Setting" (section, value, updatedById, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(section) DO UPDATE SET value = excluded.value, updatedById = excluded.updatedById, updatedAt = excluded.updatedAt`,
  );
  const now = sqlTime(new Date());
  conn.transaction(() => {
    for (const { section, value } of input.sections) upsert.run(section, value, input.actorId, now, now);
  })();
}
