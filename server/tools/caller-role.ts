import { getUserByIdOrThrow } from "@/server/users/users";

/** The role of the person a tool call runs for, read fresh (a demoted admin loses admin-only tools at once). */
export async function callerRoleOf(userId: string): Promise<"admin" | "user" | undefined> {
  const user = await getUserByIdOrThrow({ id: userId }).catch(() => null);
  if (!user) return undefined;
  return user.role === "admin" ? "admin" : "user";
}
