import type { HealthReport } from "@/server/automation/builtins/health-check";
import { HEALTH_KEY, PAUSE_KEY, type PauseState, readState, TICK_KEY } from "@/server/automation/runtime-state";
import { type JobActor, jobOwnerScope } from "@/server/automation/jobs";
import { getNextDueJobByOwner } from "@/server/automation/store/jobs";
import { countOpenAlerts } from "@/server/automation/store/maintenance";

/** A tick every minute: no tick for this long means the scheduler (or the executor) is not running. */
const STALE_TICK_MS = 3 * 60_000;

/**
 * The header of the Automation page: starting (no tick yet), running, paused or in error (no tick
 * lately), the next
 * job due, and, for admins, the last health report and open alerts.
 */
export async function schedulerStatus(actor: JobActor, now = new Date()) {
  const [pause, tick] = await Promise.all([readState<PauseState>(PAUSE_KEY), readState<{ at: string }>(TICK_KEY)]);
  const lastTickAt = tick ? new Date(tick.at) : null;
  const paused = pause?.paused === true;
  const stale = lastTickAt !== null && now.getTime() - lastTickAt.getTime() > STALE_TICK_MS;
  const next = await getNextDueJobByOwner({ ownerId: jobOwnerScope(actor) });
  const admin = actor.role === "admin";
  return {
    state: paused
      ? ("paused" as const)
      : stale
        ? ("error" as const)
        : lastTickAt
          ? ("running" as const)
          : ("starting" as const),
    paused,
    pausedAt: paused && pause ? pause.at : null,
    lastTickAt,
    next,
    health: admin ? await readState<HealthReport>(HEALTH_KEY) : null,
    openAlerts: admin ? await countOpenAlerts() : 0,
  };
}
