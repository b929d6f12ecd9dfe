import "server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@/server/generated/prisma/client";

/**
 * Typed pieces for the few statements that bypass Prisma (see "When raw SQL is allowed" in
 * docs/architecture.md). Column names come from the generated client's scalar-field enums, so a
 * renamed or dropped column fails `tsc`; every list is also recorded for the drift test
 * (server/db/sql-drift.test.ts), which compares it with the migrated database.
 */
type ScalarFields = {
  [M in Prisma.ModelName]: (typeof Prisma)[`${M}ScalarFieldEnum`];
};
export type Table = Prisma.ModelName;
export type Column<T extends Table> = keyof ScalarFields[T] & string;

/** Tables Prisma does not model (FTS5 indexes, sqlite-vec), created by hand-written migrations. */
export const EXTERNAL_TABLES = {
  kb_chunk_fts: ["text", "heading_path"],
  agent_memory_fts: ["content"],
  log_fts: ["message", "subsystem", "data"],
} as const;
export type ExternalTable = keyof typeof EXTERNAL_TABLES;

const used = new Map<string, Set<string>>();

function record(table: string, columns: readonly string[]): void {
  let set = used.get(table);
  if (!set) {
    set = new Set();
    used.set(table, set);
  }
  for (const c of columns) set.add(c);
}

/** Every table and column that raw statements name, for the drift test. */
export function rawColumnsInUse(): ReadonlyMap<string, ReadonlySet<string>> {
  return used;
}

function quote(name: string): string {
  return `"${name}"`;
}

/** `"a", "b", "c"` for a SELECT list, checked against the Prisma model. */
export function columnList<T extends Table>(table: T, columns: readonly Column<T>[]): string {
  const fields = Prisma[`${table}ScalarFieldEnum` as const] as Record<string, string>;
  for (const c of columns) if (!(c in fields)) throw new Error(`${table} has no column ${c}`);
  record(table, columns);
  return columns.map(quote).join(", ");
}

/** The same for a table Prisma does not model; its columns are listed in EXTERNAL_TABLES. */
export function externalColumnList<T extends ExternalTable>(
  table: T,
  columns: readonly (typeof EXTERNAL_TABLES)[T][number][],
): string {
  record(table, columns);
  return columns.map(quote).join(", ");
}

/** `INSERT INTO "T" ("a", "b") VALUES (@a, @b)`: named parameters, one per column. */
export function insertSql<T extends Table>(table: T, columns: readonly Column<T>[]): string {
  const list = columnList(table, columns);
  return `INSERT INTO ${quote(table)} (${list}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;
}

/** Formats a date the way the Prisma adapter stores it, so raw and Prisma rows compare and sort together. */
export function sqlTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

let idCounter = 0;

/** A collision-resistant id shaped like Prisma's cuid() (the id columns' default): c + 24 base-36 characters. */
export function newRowId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const count = idCounter.toString(36).padStart(4, "0");
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, "0").slice(0, 12);
  return `c${time}${count}${random}`;
}

/** What Prisma fills in for a new row (`@default(cuid())`, `@default(now())`, `@updatedAt`). */
export function rowDefaults(now: Date = new Date()): { id: string; createdAt: string; updatedAt: string } {
  const at = sqlTime(now);
  return { id: newRowId(), createdAt: at, updatedAt: at };
}

/** A value as the adapter stores it: dates as text, booleans as 0/1, undefined as NULL. */
export function sqlValue(value: unknown): unknown {
  if (value instanceof Date) return sqlTime(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value === undefined ? null : value;
}
