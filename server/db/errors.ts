/**
 * The database failures that come from bad input, whichever path raised them: Prisma's codes and
 * better-sqlite3's SqliteError codes for the same constraint, so a raw statement answers the
 * same 4xx as a Prisma call.
 */
export type ConstraintKind = "unique" | "foreign-key" | "not-found";

export function constraintKind(err: unknown): ConstraintKind | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return null;
  if (code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    return "unique";
  if (code === "P2003" || code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "SQLITE_CONSTRAINT_TRIGGER")
    return "foreign-key";
  if (code === "P2025" || code === "P2018") return "not-found";
  return null;
}

/** True when a write failed because a unique key (a name, an id) is already taken. */
export function isUniqueViolation(err: unknown): boolean {
  return constraintKind(err) === "unique";
}
