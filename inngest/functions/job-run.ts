import { type Inngest, NonRetriableError } from "inngest";
import { BUILTIN_KEYS, type BuiltinKey } from "@/lib/automation/job-schema";
import { runBuiltin, runWithTimeout, taskContext } from "@/server/automation/builtins";
import { loadRunnableJob } from "@/server/automation/runnable";
import { events } from "@/inngest/events";
import { retryBackoff } from "@/inngest/retry-backoff";

/**
 * One run of a built-in job. The function itself never retries (retries: 0); the job's own
 * `retries` are durable steps with a sleep between them, so each job keeps its own policy, and
 * every attempt is its own step on the Tasks page. Each attempt is bounded by the job's timeout.
 */
export function createJobRun(client: Inngest.Any) {
  return client.createFunction(
    { id: "automation-job-run", name: "Automation job", retries: 0, triggers: [events.jobRun] },
    async ({ event, step }) => {
      const jobId = typeof event.data?.jobId === "string" ? event.data.jobId : "";
      const job = await step.run("load job", () => loadRunnableJob(jobId));
      if (!job.builtinKey || !(BUILTIN_KEYS as readonly string[]).includes(job.builtinKey)) {
        throw new NonRetriableError(`Job "${job.name}" is not a built-in job.`);
      }
      const key = job.builtinKey as BuiltinKey;
      for (let attempt = 1; ; attempt++) {
        try {
          return await step.run(attempt === 1 ? job.name : `${job.name} (retry ${attempt - 1})`, () =>
            runWithTimeout(job.timeoutSeconds, (signal) => runBuiltin(key, job.params, taskContext(signal))),
          );
        } catch (err) {
          if (attempt > job.retries) throw new NonRetriableError(err instanceof Error ? err.message : String(err));
          await step.sleep(`wait before retry ${attempt}`, retryBackoff(attempt));
        }
      }
    },
  );
}
