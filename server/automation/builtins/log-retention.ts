import { purgeOldLogs } from "@/server/logs/purge";
import { getSettings } from "@/server/settings/settings";
import type { BuiltinContext } from "@/server/automation/builtins/context";

/** Deletes log entries older than the retention (the job's `days`, else Settings -> System). */
export async function runLogRetention(params: { days?: number }, ctx: BuiltinContext) {
  const days = params.days ?? (await getSettings()).system.retentionDays;
  await ctx.progress(10, `Deleting log entries older than ${days} days`);
  const { deleted } = await purgeOldLogs({ days });
  await ctx.progress(100, `Deleted ${deleted} log entries`);
  return { days, deleted };
}
