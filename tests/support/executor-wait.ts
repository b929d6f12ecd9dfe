import { vi } from "vitest";
import type { Executor } from "@/server/executor/executor";

/**
 * Conditions on the embedded executor for tests to wait on instead of sleeping "long enough" for
 * stray work to show up. Both poll with vi.waitFor and fail after a bounded time.
 */

async function inflight(executor: Executor): Promise<number> {
  const res = await fetch(`${executor.url}health`);
  return ((await res.json()) as { inflight: number }).inflight;
}

/**
 * Nothing to do right now: no call in flight and no job due or leased. A sleep that ends later and
 * the cron schedules do not count; jobs of paused runs do (use `waitUntilHeld` for those).
 */
export async function waitUntilQuiet(executor: Executor, timeoutMs = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const { n } = executor.db
        .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind != 'cron' AND (run_at <= ? OR lease_until IS NOT NULL)`)
        .get(Date.now()) as { n: number };
      const calls = await inflight(executor);
      if (n > 0 || calls > 0) throw new Error(`executor still busy: ${n} jobs due or leased, ${calls} calls in flight`);
    },
    { timeout: timeoutMs, interval: 20 },
  );
}

/**
 * The paused run's next call is parked: the run is paused, its jobs wait in the table unleased and
 * no call is in flight, so nothing of it can start until it is resumed.
 */
export async function waitUntilHeld(executor: Executor, runId: string, timeoutMs = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const { n, leased } = executor.db
        .prepare(`SELECT COUNT(*) AS n, COUNT(lease_until) AS leased FROM jobs WHERE run_id = ?`)
        .get(runId) as { n: number; leased: number };
      const calls = await inflight(executor);
      if (!executor.isPaused(runId) || n === 0 || leased > 0 || calls > 0)
        throw new Error(`run ${runId} not held: ${n} jobs, ${leased} leased, ${calls} calls in flight`);
    },
    { timeout: timeoutMs, interval: 20 },
  );
}
