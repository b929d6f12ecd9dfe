import { AppError, NotFoundError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { db } from "@/server/db";

export type Role = "admin" | "user";

export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  theme: true,
  createdAt: true,
} as const;

export async function countUsers(): Promise<number> {
  return db.user.count();
}

/** Creates the first admin; refuses once any account exists (the setup screen is one-time). */
export async function createFirstAdmin(input: { email: string; name: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) {
      throw new AppError("CONFLICT", "Setup is already complete. Sign in instead.");
    }
    return tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: "admin" },
      select: publicUserSelect,
    });
  });
}

export async function createUser(input: { email: string; name: string; password: string; role: Role }) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "An account with that e-mail address already exists.");
  const { password, ...rest } = input;
  return db.user.create({
    data: { ...rest, passwordHash: await hashPassword(password) },
    select: publicUserSelect,
  });
}

export async function getUserByIdOrThrow({ id }: { id: string }) {
  const user = await db.user.findUnique({ where: { id }, select: publicUserSelect });
  if (!user) throw new NotFoundError("That user");
  return user;
}

export async function listUsers() {
  return db.user.findMany({ select: publicUserSelect, orderBy: { createdAt: "asc" } });
}

export async function updateProfile({ id, name, theme }: { id: string; name?: string; theme?: string }) {
  return db.user.update({ where: { id }, data: { name, theme }, select: publicUserSelect });
}

export async function changePassword(input: { id: string; current: string; next: string }) {
  const user = await db.user.findUnique({ where: { id: input.id } });
  if (!user) throw new NotFoundError("That user");
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "The current password is not right.");
  }
  await db.user.update({ where: { id: input.id }, data: { passwordHash: await hashPassword(input.next) } });
}

/** Changes a role or removes a user, never leaving the app without an admin. */
export async function setUserRole({ id, role }: { id: string; role: Role }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new NotFoundError("That user");
    if (user.role === "admin" && role !== "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new AppError("CONFLICT", "This is the last admin; make someone else an admin first.");
    }
    return tx.user.update({ where: { id }, data: { role }, select: publicUserSelect });
  });
}

export async function deleteUser({ id, actorId }: { id: string; actorId: string }) {
  if (id === actorId) throw new AppError("CONFLICT", "You cannot delete your own account.");
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new NotFoundError("That user");
    if (user.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new AppError("CONFLICT", "This is the last admin; make someone else an admin first.");
    }
    await tx.user.delete({ where: { id } });
  });
}
