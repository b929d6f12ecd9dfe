import "server-only";
import { AppError } from "@/lib/errors";
import { sqlite } from "@/server/db";
import { sqlTime } from "@/server/db/sql";

const DAY_MS = 24 * 60 * 60 * 1000;
const CHUNK = 5000;

/**
 * Deletes entries older than the retention. Works in chunks so a large purge does not hold the
 * write lock for long (the logger keeps writing meanwhile); the FTS triggers keep log_fts in step.
 */
export async function purgeOldLogs({
  days,
  now = new Date(),
}: {
  days: number;
  now?: Date;
}): Promise<{ deleted: number }> {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new AppError("BAD_REQUEST", "Log retention must be a whole number of days between 1 and 36500.");
  }
  const cutoff = sqlTime(new Date(now.getTime() - days * DAY_MS));
  const conn = await sqlite();
  const stmt = conn.prepare(`DELETE FROM "LogEntry" WHERE id IN (SELECT id FROM "LogEntry" WHERE time < ? LIMIT ?)`);
  let deleted = 0;
  for (;;) {
    const { changes } = stmt.run(cutoff, CHUNK);
    deleted += changes;
    if (changes < CHUNK) return { deleted };
    await new Promise((resolve) => setImmediate(resolve));
  }
}
