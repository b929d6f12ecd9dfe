import "server-only";
import { AppError } from "@/lib/errors";
import { deleteLogsBefore } from "@/server/logs/store";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes entries older than the retention. */
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
  return { deleted: await deleteLogsBefore({ before: new Date(now.getTime() - days * DAY_MS) }) };
}
