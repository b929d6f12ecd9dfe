import { NonRetriableError } from "inngest";
import { normalisedParams } from "@/lib/automation/job-schema";
import { getJobById } from "@/server/automation/store/jobs";

/** What a run needs of its job, read when the run starts (later edits apply to the next run). */
export async function loadRunnableJob(jobId: string) {
  const row = jobId ? await getJobById({ id: jobId }) : null;
  if (!row) throw new NonRetriableError("The job of this run no longer exists.");
  const params = normalisedParams({
    type: row.type,
    builtinKey: row.builtinKey,
    params: JSON.parse(row.params) as unknown,
  });
  return {
    id: row.id,
    name: row.name,
    builtinKey: row.builtinKey,
    params,
    retries: row.retries,
    timeoutSeconds: row.timeoutSeconds,
  };
}
