import type { Inngest } from "inngest";
import { MIN_INTERVAL_SECONDS } from "@/lib/automation/job-schema";
import { runDueJobs } from "@/server/automation/scheduler";

export const SCHEDULER_FUNCTION = "automation-scheduler";
/** A tick's run ends before the next minute's tick starts. */
const WINDOW_MS = 55_000;
const MAX_PASSES = Math.ceil(60 / MIN_INTERVAL_SECONDS);

/**
 * The one scheduler: a cron tick every minute starts the due jobs (server/automation/scheduler.ts);
 * for intervals shorter than a minute it sleeps durably until the next due time within its
 * minute and passes again. Every decision is made inside a step, so replays take the same path.
 */
export function createScheduler(client: Inngest.Any) {
  const send = async (e: { name: string; data: Record<string, unknown> }) => client.send(e);
  return client.createFunction(
    {
      id: SCHEDULER_FUNCTION,
      name: "Automation scheduler",
      retries: 1,
      concurrency: { limit: 1 },
      triggers: [{ cron: "* * * * *" }],
    },
    async ({ step }) => {
      const end = await step.run("window", () => Date.now() + WINDOW_MS);
      const passes: { started: number; skipped: number }[] = [];
      for (let i = 1; i <= MAX_PASSES; i++) {
        const pass = await step.run(`pass ${i}`, async () => {
          const r = await runDueJobs(new Date(), send);
          const wake =
            r.nextWakeAt === null || r.paused ? null : Math.max(r.nextWakeAt, Date.now() + MIN_INTERVAL_SECONDS * 1000);
          return {
            started: r.started.length,
            skipped: r.skipped.length,
            wakeAt: wake !== null && wake < end ? wake : null,
          };
        });
        passes.push({ started: pass.started, skipped: pass.skipped });
        if (pass.wakeAt === null) break;
        await step.sleepUntil(`sleep ${i}`, new Date(pass.wakeAt));
      }
      return { passes };
    },
  );
}
