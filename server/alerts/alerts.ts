import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import {
  acknowledgeOpenAlertById,
  alertExistsById,
  getOpenAlertBySourceAndTitle,
  insertAlert,
  listRecentAlerts,
  updateAlertById,
} from "@/server/alerts/store";
import { eventBus } from "@/server/events";
import { logger } from "@/server/logger";

export const ALERT_LEVELS = ["info", "warning", "error", "critical"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

const alertInput = z.object({
  /** The user the alert concerns (their agent, their job); absent for the machine's own problems. */
  ownerId: z.string().min(1).nullish(),
  level: z.enum(ALERT_LEVELS),
  source: z.string().trim().min(1).max(60),
  title: z.string().trim().min(1).max(200),
  message: z.string().max(4000),
});
export type AlertInput = z.infer<typeof alertInput>;

const LOG_LEVEL = { info: "INFO", warning: "WARNING", error: "ERROR", critical: "CRITICAL" } as const;

/**
 * Raises an alert for operators. A problem that persists (the same source and title, not yet
 * acknowledged) stays one alert whose message is refreshed, so a failing health check every
 * minute does not bury everything else.
 */
export async function raiseAlert(input: AlertInput) {
  const a = alertInput.parse(input);
  const open = await getOpenAlertBySourceAndTitle({ source: a.source, title: a.title });
  if (open) return updateAlertById({ id: open.id, level: a.level, message: a.message });
  const { ownerId, ...row } = a;
  const alert = await insertAlert(row);
  logger.log(LOG_LEVEL[a.level], "alerts", `${a.title}: ${a.message}`, { source: a.source, alertId: alert.id });
  // Errors interrupt with a toast: the user they concern, or the admins for the machine's own
  // (issue 22, finding 15: every user saw every alert, with other users' agent names).
  // Warnings and info wait on the Automation page.
  if (a.level === "error" || a.level === "critical")
    eventBus.publish(
      "notifications",
      { level: "error", title: a.title, body: a.message },
      ownerId ? { userId: ownerId } : { audience: "admins" },
    );
  return alert;
}

export async function listAlerts(q: { includeAcknowledged?: boolean; limit?: number } = {}) {
  return listRecentAlerts({ includeAcknowledged: q.includeAcknowledged ?? false, limit: q.limit ?? 50 });
}

export async function acknowledgeAlert(id: string, actorId: string) {
  const acknowledged = await acknowledgeOpenAlertById({ id, actorId });
  if (acknowledged === 0 && !(await alertExistsById({ id }))) throw new NotFoundError("That alert");
  return { acknowledged };
}
