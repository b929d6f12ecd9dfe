import { sleep } from "@/lib/utils";
import {
  countFailedLoginAttempts,
  deleteFailedLoginAttemptsByKey,
  deleteLoginAttemptsBefore,
  insertLoginAttempt,
} from "@/server/auth/store";

/**
 * Slows down repeated failed sign-ins: after 3 failures in 15 minutes for the same account or
 * address, each answer waits twice as long as the one before, up to 10 s. It never locks an
 * account: anyone who knows an e-mail address could otherwise lock its owner out (issue 22,
 * finding 8); at 10 s an answer, guessing a 10-character password is hopeless anyway. Attempts
 * for one account from one address run one at a time, so a burst of parallel guesses cannot all
 * be judged on the count from before any of them failed. Kept in the database, not in memory, so
 * the counts hold across restarts.
 */
const WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 10_000;

export interface ThrottleVerdict {
  delayMs: number;
}

export function verdictFor(failures: number): ThrottleVerdict {
  if (failures < FREE_FAILURES) return { delayMs: 0 };
  return { delayMs: Math.min(250 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS) };
}

const inFlight = new Map<string, Promise<unknown>>();

/** Runs `attempt` after every earlier attempt for the same account and address has finished. */
export function oneAtATime<T>(key: string, ip: string, attempt: () => Promise<T>): Promise<T> {
  const slot = `${key}\u0000${ip}`;
  const before = inFlight.get(slot) ?? Promise.resolve();
  const run = before.then(attempt, attempt);
  const settled = run.catch(() => undefined);
  inFlight.set(slot, settled);
  void settled.then(() => {
    if (inFlight.get(slot) === settled) inFlight.delete(slot);
  });
  return run;
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
