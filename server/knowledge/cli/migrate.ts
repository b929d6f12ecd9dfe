import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { databaseFile } from "@/server/env";
import { listAppliedMigrations } from "@/server/knowledge/store/migrations";

/** True when the database lacks a migration that is in prisma/migrations (or does not exist yet). */
export function needsMigration(root = process.cwd()): boolean {
  const file = databaseFile();
  const dir = path.join(root, "prisma", "migrations");
  const wanted = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const applied = listAppliedMigrations({ file });
  return applied === null || wanted.some((m) => !applied.has(m));
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
