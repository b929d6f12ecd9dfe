import "server-only";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFile } from "@/server/env";

/** True when the database lacks a migration that is in prisma/migrations (or does not exist yet). */
export function needsMigration(root = process.cwd()): boolean {
  const file = databaseFile();
  const dir = path.join(root, "prisma", "migrations");
  const wanted = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  if (!existsSync(file)) return true;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applied = new Set(
      (
        db.prepare(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`).all() as {
          name: string;
        }[]
      ).map((r) => r.name),
    );
    return wanted.some((m) => !applied.has(m));
  } catch {
    return true;
  } finally {
    db.close();
  }
}

/** Applies pending migrations with the Prisma CLI (as the app does at start). */
export async function migrateIfNeeded(): Promise<boolean> {
  if (!needsMigration()) return false;
  // @ts-expect-error: plain ESM script without types
  const { runPrisma } = (await import("../../../scripts/prisma.mjs")) as {
    runPrisma: (args: string[], o: { quiet: boolean }) => string;
  };
  runPrisma(["migrate", "deploy"], { quiet: true });
  return true;
}
