import { sleep } from "@/lib/utils";
import {
  countFailedLoginAttempts,
  deleteFailedLoginAttemptsByKey,
  deleteLoginAttemptsBefore,
  insertLoginAttempt,
} from "@/server/auth/store";

/**
 * Slows down repeated failed sign-ins: after 3 failures in 15 minutes for the same account or
 * address, each answer waits twice as long as the one before (up to 8 s); after 10, sign-in
 * for that account is refused until the window passes. Kept in the database, not in memory,
 * so it holds across restarts and several app instances.
 */
const WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 3;
const LOCK_AFTER = 10;
const MAX_DELAY_MS = 8_000;

export interface ThrottleVerdict {
  delayMs: number;
  locked: boolean;
}

export function verdictFor(failures: number): ThrottleVerdict {
  if (failures >= LOCK_AFTER) return { delayMs: MAX_DELAY_MS, locked: true };
  if (failures < FREE_FAILURES) return { delayMs: 0, locked: false };
  return { delayMs: Math.min(250 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS), locked: false };
}

export async function recentFailures({ key, ip }: { key: string; ip: string }): Promise<number> {
  const { byKey, byIp } = await countFailedLoginAttempts({ key, ip, since: new Date(Date.now() - WINDOW_MS) });
  // An address guessing across many accounts is throttled at a higher allowance.
  return Math.max(byKey, Math.floor(byIp / 3));
}

export async function throttleSignIn({ key, ip }: { key: string; ip: string }): Promise<ThrottleVerdict> {
  const verdict = verdictFor(await recentFailures({ key, ip }));
  if (verdict.delayMs > 0) await sleep(verdict.delayMs);
  return verdict;
}

export async function recordSignIn({ key, ip, ok }: { key: string; ip: string; ok: boolean }) {
  await insertLoginAttempt({ key, ip, ok });
  if (ok) await deleteFailedLoginAttemptsByKey({ key });
  await deleteLoginAttemptsBefore({ before: new Date(Date.now() - 24 * 3600_000) });
}
