import "server-only";
import { type Column, columnList, type Table } from "@/server/db/sql";

/** One checked column, quoted: for the WHERE, SET and ORDER BY clauses of raw statements. */
export function column<T extends Table>(table: T, name: Column<T>): string {
  return columnList(table, [name]);
}

/** Checked columns behind a table alias (`c."id", c."text"`), for joins where names repeat. */
export function aliasedColumns<T extends Table>(alias: string, table: T, names: readonly Column<T>[]): string {
  return names.map((name) => `${alias}.${column(table, name)}`).join(", ");
}

/** `"a" = @a, "b" = @b` for an UPDATE with named parameters. */
export function assignments<T extends Table>(table: T, names: readonly Column<T>[]): string {
  return names.map((name) => `${column(table, name)} = @${name}`).join(", ");
}
