import "server-only";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/server/actions/run-action";
import { recordAudit } from "@/server/audit";
import type { AuthUser } from "@/server/auth/session";
import { changePassword, updateProfile } from "@/server/users/users";
import { nameInput, passwordInput, themeInput, type ThemeChoice } from "@/lib/profile/schemas";

/** The bodies of the profile actions, with the caller passed in so tests can call them directly. */
const NOT_SIGNED_IN = { status: "failed", message: "Your session has ended. Sign in again." } as const;

export async function renameUser(user: AuthUser | null, raw: unknown): Promise<ActionResult<{ name: string }>> {
  if (!user) return NOT_SIGNED_IN;
  return runAction("profile.rename", nameInput, raw, async ({ name }) => {
    const updated = await updateProfile({ id: user.id, name });
    return { name: updated.name };
  });
}

export async function saveTheme(user: AuthUser | null, raw: unknown): Promise<ActionResult<{ theme: ThemeChoice }>> {
  if (!user) return NOT_SIGNED_IN;
  return runAction("profile.theme", themeInput, raw, async ({ theme }) => {
    await updateProfile({ id: user.id, theme });
    return { theme };
  });
}

export async function changeOwnPassword(user: AuthUser | null, raw: unknown): Promise<ActionResult> {
  if (!user) return NOT_SIGNED_IN;
  return runAction("profile.password", passwordInput, raw, async ({ current, next }) => {
    await changePassword({ id: user.id, current, next });
    await recordAudit({ actor: user, action: "user.password", target: user.email });
    return undefined;
  });
}
