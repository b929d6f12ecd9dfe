import Database from "better-sqlite3";
import { db, sqlite } from "@/server/db";

/** What the built-in jobs and the status header ask of the database beyond the Job table. */

/** SQLite's online backup of the app database through the app's own connection (a consistent snapshot). */
export async function backupAppDatabase({ target }: { target: string }): Promise<void> {
  await (await sqlite()).backup(target);
}

/** The same for another database file, through a read-only connection of its own. */
export async function backupDatabaseFile({ source, target }: { source: string; target: string }): Promise<void> {
  const conn = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await conn.backup(target);
  } finally {
    conn.close();
  }
}

/** A round trip to the database; throws when it does not answer. */
export async function pingDatabase(): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

// reads ChatAttachment (chat)
/** Every stored upload's path (relative to DATA_DIR/uploads). */
export async function listChatAttachmentPaths(): Promise<string[]> {
  return (await db.chatAttachment.findMany({ select: { path: true } })).map((a) => a.path);
}

// reads Alert (alerts)
export async function countOpenAlerts(): Promise<number> {
  return db.alert.count({ where: { acknowledgedAt: null } });
}
