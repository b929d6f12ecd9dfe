import { removeArtifactFiles } from "@/server/tasks/artifacts";
import { publishTask } from "@/server/tasks/publish";
import { listSucceededTasksByOrigin } from "@/server/tasks/store/origins";
import { deleteTasksByIds } from "@/server/tasks/store/tasks";

/**
 * Successful runs kept per job. A health check every 30 s adds 2,880 runs a day: without a cap
 * the Tasks page and the task table fill with routine successes. Failed and cancelled runs are
 * kept (they are what a person looks for), and so is everything still running.
 */
export const KEPT_SUCCESSFUL_RUNS = 200;

/** Deletes a job's successful runs beyond the newest `keep`, with their steps and artifact files. */
export async function pruneSucceededRuns(jobId: string, keep = KEPT_SUCCESSFUL_RUNS): Promise<number> {
  const old = await listSucceededTasksByOrigin({ originType: "job", originId: jobId, skip: keep });
  if (old.length === 0) return 0;
  const ids = old.map((t) => t.id);
  const count = await deleteTasksByIds({ ids });
  await removeArtifactFiles(ids);
  for (const row of old) publishTask(row, "deleted");
  return count;
}
