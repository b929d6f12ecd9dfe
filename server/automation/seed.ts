import { logger } from "@/server/logger";
import type { BuiltinKey, JobInput } from "@/lib/automation/job-schema";
import { createJob } from "@/server/automation/jobs";
import { systemJobExistsByBuiltinKey } from "@/server/automation/store/jobs";

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The built-in jobs every installation starts with (PRODUCT.md: a 30 s health loop, nightly upkeep). */
export function builtinDefaults(timeZone = localZone()): (JobInput & { builtinKey: BuiltinKey })[] {
  return [
    {
      name: "health_check",
      description: "Tests the providers, the database and the free disk space; raises an alert when one fails.",
      type: "builtin",
      builtinKey: "health_check",
      params: {},
      trigger: { type: "interval", seconds: 30 },
      timeoutSeconds: 60,
    },
    {
      name: "log_retention",
      description: "Deletes log entries older than the retention set in Settings -> System.",
      type: "builtin",
      builtinKey: "log_retention",
      params: {},
      trigger: { type: "cron", cron: "30 3 * * *", timeZone },
    },
    {
      name: "backup",
      description:
        "Online backup of the app and executor databases and the keys into data/backups, keeping the newest 7.",
      type: "builtin",
      builtinKey: "backup",
      params: { keep: 7 },
      trigger: { type: "cron", cron: "0 2 * * *", timeZone },
      timeoutSeconds: 1800,
    },
    {
      name: "cleanup",
      description:
        "Deletes temp files and orphaned uploads older than 7 days (run it with preview on to only list them).",
      type: "builtin",
      builtinKey: "cleanup",
      params: { preview: false, olderThanDays: 7 },
      trigger: { type: "cron", cron: "0 4 * * 0", timeZone },
    },
  ];
}

/** Creates the missing built-in jobs; safe to call at every start (existing ones are left as edited). */
export async function seedBuiltinJobs(): Promise<string[]> {
  const created: string[] = [];
  const system = { id: "system", role: "admin" as const };
  for (const job of builtinDefaults()) {
    if (await systemJobExistsByBuiltinKey({ builtinKey: job.builtinKey })) continue;
    try {
      await createJob(job, system, { system: true });
      created.push(job.name);
    } catch (err) {
      // Another start seeded it in the meantime, or a user job took the name.
      logger.warn("automation", `Built-in job "${job.name}" was not created`, {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  if (created.length > 0) logger.info("automation", `Created built-in jobs: ${created.join(", ")}`);
  return created;
}
