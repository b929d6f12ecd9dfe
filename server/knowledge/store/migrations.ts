import "server-only";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";

/**
 * The migrations applied to a database file, read on a read-only connection of its own: the
 * command-line tool asks before the app's connection (which would create the file) is opened.
 * Null when the file does not exist or has no migration table yet.
 */
export function listAppliedMigrations({ file }: { file: string }): Set<string> | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`)
      .all() as { name: string }[];
    return new Set(rows.map((r) => r.name));
  } catch {
    return null;
  } finally {
    db.close();
  }
}
