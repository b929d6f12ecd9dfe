import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { type AuthUser, resolveAuth } from "@/server/auth/session";
import { countUsers } from "@/server/users/users";

/** The signed-in user of a page request, or a redirect to first-run setup / sign-in. */
export async function requirePageUser(): Promise<AuthUser> {
  const user = await resolveAuth(new Headers(await headers()));
  if (user) return user;
  if ((await countUsers()) === 0) redirect("/setup");
  redirect("/sign-in");
}

export async function requirePageAdmin(): Promise<AuthUser> {
  const user = await requirePageUser();
  if (user.role !== "admin") redirect("/");
  return user;
}
