import { env } from "@/server/env";
import { BUILTIN_PARAMS, type BuiltinKey } from "@/lib/automation/job-schema";
import { runBackup } from "@/server/automation/builtins/backup";
import { runCleanup } from "@/server/automation/builtins/cleanup";
import type { BuiltinContext } from "@/server/automation/builtins/context";
import { runHealthCheck } from "@/server/automation/builtins/health-check";
import { runLogRetention } from "@/server/automation/builtins/log-retention";
import { reportProgress, saveArtifact } from "@/server/tasks/progress";

/** Runs one built-in job with its (already validated) params. */
export async function runBuiltin(
  key: BuiltinKey,
  params: Record<string, unknown>,
  ctx: BuiltinContext,
): Promise<unknown> {
  switch (key) {
    case "health_check":
      return runHealthCheck(BUILTIN_PARAMS.health_check.parse(params), ctx);
    case "log_retention":
      return runLogRetention(BUILTIN_PARAMS.log_retention.parse(params), ctx);
    case "backup":
      return runBackup(BUILTIN_PARAMS.backup.parse(params), ctx);
    case "cleanup":
      return runCleanup(BUILTIN_PARAMS.cleanup.parse(params), ctx);
  }
}

/** The context inside a task's step: progress and artifacts land on that task. */
export function taskContext(signal: AbortSignal): BuiltinContext {
  return {
    signal,
    dataDir: env.DATA_DIR,
    progress: (percent, message) => reportProgress(undefined, percent, message),
    artifact: (file) => saveArtifact(undefined, file),
  };
}

/**
 * Runs with a deadline: the signal tells the job to stop at its next check, and the run fails
 * at the deadline even if the job does not notice.
 */
export async function runWithTimeout<T>(timeoutSeconds: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`The job did not finish within its timeout of ${timeoutSeconds} s.`));
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
