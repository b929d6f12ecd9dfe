import "server-only";
import { raiseAlert } from "@/server/alerts/alerts";
import { db } from "@/server/db";
import { logger } from "@/server/logger";

/** PRODUCT.md / issue 4: an agent that fails this often in this window is disabled automatically. */
export const FAILURE_LIMIT = 5;
export const FAILURE_WINDOW_MS = 5 * 60_000;
// Failures older than this can never count again; they are pruned as new ones arrive.
const KEEP_MS = 60 * 60_000;

/**
 * Records one failed run of an agent (model error, tool loop, budget overrun…). The fifth within
 * five minutes disables it with a reason and raises an alert; only an admin re-enables it.
 * Returns whether this failure disabled the agent.
 */
export async function recordAgentFailure(
  agentId: string,
  options: { reason?: string; now?: Date } = {},
): Promise<{ disabled: boolean }> {
  const now = options.now ?? new Date();
  const reason = (options.reason ?? "The run failed.").slice(0, 500);
  const result = await db.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: agentId }, select: { id: true, name: true, status: true } });
    if (!agent) return null;
    await tx.agentFailure.create({ data: { agentId, reason, createdAt: now } });
    await tx.agentFailure.deleteMany({ where: { agentId, createdAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
    const recent = await tx.agentFailure.count({
      where: { agentId, createdAt: { gt: new Date(now.getTime() - FAILURE_WINDOW_MS), lte: now } },
    });
    if (recent < FAILURE_LIMIT || agent.status === "disabled") return { agent, disabled: false };
    const disabledReason = `Disabled automatically after ${recent} failures within 5 minutes. Last error: ${reason}`;
    await tx.agent.update({ where: { id: agentId }, data: { status: "disabled", disabledReason } });
    return { agent, disabled: true, disabledReason };
  });
  if (!result) return { disabled: false };
  if (result.disabled) {
    logger.warn("agents", `Agent "${result.agent.name}" disabled after repeated failures`, { reason }, { agentId });
    await raiseAlert({
      level: "error",
      source: "agents",
      title: `Agent "${result.agent.name}" was disabled`,
      message: `${result.disabledReason} An admin can re-enable it on the Agents page.`,
    });
  }
  return { disabled: result.disabled };
}
