import { AppError } from "@/lib/errors";
import { compileExpression, ExpressionError } from "@/server/executor/cel";
import { CronError } from "@/server/executor/cron";
import { describeTrigger } from "@/lib/automation/describe";
import type { JobTrigger } from "@/lib/automation/job-schema";
import { nextRunTimes } from "@/server/automation/schedule";

/** "Validate" on the Schedule tab: the trigger in words and its next 5 run times (or why it is wrong). */
export function validateTrigger(trigger: JobTrigger, from = new Date()) {
  try {
    if (trigger.type === "event" && trigger.filter) compileExpression(trigger.filter);
    const next = nextRunTimes(trigger, 5, from);
    return {
      ok: true as const,
      description: describeTrigger(trigger),
      timeZone: trigger.type === "cron" ? trigger.timeZone : "UTC",
      next,
    };
  } catch (err) {
    if (err instanceof CronError || err instanceof ExpressionError) throw new AppError("BAD_REQUEST", err.message);
    throw err;
  }
}
