import { db, preparedStatement } from "@/server/db";
import { columnList } from "@/server/db/sql";

/** The User table. Services above decide who may do what; this only reads and writes rows. */
const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  theme: true,
  createdAt: true,
} as const;

export interface SessionUserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  theme: string;
  sessionVersion: number;
}

// Read on every request that carries a session cookie, so prepared once (docs/benchmarks.md).
const sessionUserById = preparedStatement<[string]>(
  `SELECT ${columnList("User", ["id", "email", "name", "role", "theme", "sessionVersion"])} FROM "User" WHERE "id" = ?`,
);

export async function getSessionUserById({ id }: { id: string }): Promise<SessionUserRow | null> {
  return ((await sessionUserById()).get(id) as SessionUserRow | undefined) ?? null;
}

export async function countAllUsers(): Promise<number> {
  return db.user.count();
}

/** Creates the user only while there is none, in one transaction; null when one exists already. */
export async function insertUserIfNone(data: { email: string; name: string; passwordHash: string; role: string }) {
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data, select: publicUserSelect });
  });
}

export async function insertUser(data: { email: string; name: string; passwordHash: string; role: string }) {
  return db.user.create({ data, select: publicUserSelect });
}

export async function getUserIdByEmail({ email }: { email: string }): Promise<string | null> {
  return (await db.user.findUnique({ where: { email }, select: { id: true } }))?.id ?? null;
}

/** The whole row, password hash included: for signing in and changing the password. */
export async function getUserByEmail({ email }: { email: string }) {
  return db.user.findUnique({ where: { email } });
}

export async function getUserWithPasswordById({ id }: { id: string }) {
  return db.user.findUnique({ where: { id } });
}

export async function getUserById({ id }: { id: string }) {
  return db.user.findUnique({ where: { id }, select: publicUserSelect });
}

export async function listAllUsers() {
  return db.user.findMany({ select: publicUserSelect, orderBy: { createdAt: "asc" } });
}

export async function updateUserProfileById({ id, name, theme }: { id: string; name?: string; theme?: string }) {
  return db.user.update({ where: { id }, data: { name, theme }, select: publicUserSelect });
}

/** A new password ends every session made with the old one. */
export async function updateUserPasswordById({ id, passwordHash }: { id: string; passwordHash: string }) {
  await db.user.update({ where: { id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
}

/**
 * The outcome of a change that could leave the app without an admin: it is refused ("last-admin")
 * inside the same transaction as the admin count, so two concurrent demotions cannot both pass.
 */
export type AdminGuarded<T> = { status: "ok"; value: T } | { status: "not-found" } | { status: "last-admin" };

type PublicUser = Awaited<ReturnType<typeof listAllUsers>>[number];

export async function updateUserRoleById({
  id,
  role,
}: {
  id: string;
  role: string;
}): Promise<AdminGuarded<PublicUser>> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { role: true } });
    if (!user) return { status: "not-found" } as const;
    if (user.role === "admin" && role !== "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1)
      return { status: "last-admin" } as const;
    const value = await tx.user.update({ where: { id }, data: { role }, select: publicUserSelect });
    return { status: "ok", value } as const;
  });
}

export async function deleteUserById({ id }: { id: string }): Promise<AdminGuarded<null>> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { role: true } });
    if (!user) return { status: "not-found" } as const;
    if (user.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1)
      return { status: "last-admin" } as const;
    await tx.user.delete({ where: { id } });
    return { status: "ok", value: null } as const;
  });
}
