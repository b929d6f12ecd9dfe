import { AppError, NotFoundError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import {
  type AdminGuarded,
  countAllUsers,
  deleteUserById,
  getUserById,
  getUserIdByEmail,
  getUserWithPasswordById,
  insertUser,
  insertUserIfNone,
  listAllUsers,
  updateUserPasswordById,
  updateUserProfileById,
  updateUserRoleById,
} from "@/server/users/store";
import { announceSessionChange } from "@/server/auth/session-changes";

export type Role = "admin" | "user";

export async function countUsers(): Promise<number> {
  return countAllUsers();
}

/** Creates the first admin; refuses once any account exists (the setup screen is one-time). */
export async function createFirstAdmin(input: { email: string; name: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const user = await insertUserIfNone({ email: input.email, name: input.name, passwordHash, role: "admin" });
  if (!user) throw new AppError("CONFLICT", "Setup is already complete. Sign in instead.");
  return user;
}

export async function createUser(input: { email: string; name: string; password: string; role: Role }) {
  if (await getUserIdByEmail({ email: input.email }))
    throw new AppError("CONFLICT", "An account with that e-mail address already exists.");
  const { password, ...rest } = input;
  return insertUser({ ...rest, passwordHash: await hashPassword(password) });
}

export async function getUserByIdOrThrow({ id }: { id: string }) {
  const user = await getUserById({ id });
  if (!user) throw new NotFoundError("That user");
  return user;
}

export async function listUsers() {
  return listAllUsers();
}

export async function updateProfile({ id, name, theme }: { id: string; name?: string; theme?: string }) {
  return updateUserProfileById({ id, name, theme });
}

export async function changePassword(input: { id: string; current: string; next: string }) {
  const user = await getUserWithPasswordById({ id: input.id });
  if (!user) throw new NotFoundError("That user");
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "The current password is not right.");
  }
  await updateUserPasswordById({ id: input.id, passwordHash: await hashPassword(input.next) });
  announceSessionChange(input.id);
}

/** Throws for a missing user, or for a change that would leave the app without an admin. */
function unwrap<T>(result: AdminGuarded<T>): T {
  if (result.status === "not-found") throw new NotFoundError("That user");
  if (result.status === "last-admin")
    throw new AppError("CONFLICT", "This is the last admin; make someone else an admin first.");
  return result.value;
}

/** Changes a role or removes a user, never leaving the app without an admin. */
export async function setUserRole({ id, role }: { id: string; role: Role }) {
  const user = unwrap(await updateUserRoleById({ id, role }));
  announceSessionChange(id);
  return user;
}

export async function deleteUser({ id, actorId }: { id: string; actorId: string }) {
  if (id === actorId) throw new AppError("CONFLICT", "You cannot delete your own account.");
  unwrap(await deleteUserById({ id }));
  announceSessionChange(id);
}
