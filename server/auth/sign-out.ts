import { announceSessionChange } from "@/server/auth/session-changes";
import { insertRevokedSession } from "@/server/auth/store";

/** Ends one session: its cookie is refused from now on, and its open event streams close. */
export async function endSession(input: { userId: string; sid: string; expiresAt: Date }): Promise<void> {
  await insertRevokedSession({ sid: input.sid, expiresAt: input.expiresAt });
  announceSessionChange(input.userId);
}
