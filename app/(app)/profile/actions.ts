"use server";

import { headers } from "next/headers";
import { resolveAuth } from "@/server/auth/session";
import { changeOwnPassword, renameUser, saveTheme } from "./action-handlers";

async function currentUser() {
  return resolveAuth(new Headers(await headers()));
}

export async function updateNameAction(raw: unknown) {
  return renameUser(await currentUser(), raw);
}

export async function saveThemeAction(raw: unknown) {
  return saveTheme(await currentUser(), raw);
}

export async function changePasswordAction(raw: unknown) {
  return changeOwnPassword(await currentUser(), raw);
}
