import "server-only";
import { raiseAlert } from "@/server/alerts/alerts";
import { insertAgentFailure } from "@/server/agents/store/failures";
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
  const result = await insertAgentFailure({
    agentId,
    reason,
    at: now,
    pruneBefore: new Date(now.getTime() - KEEP_MS),
    countAfter: new Date(now.getTime() - FAILURE_WINDOW_MS),
    disabledReason: (agent, recent) =>
      recent < FAILURE_LIMIT || agent.status === "disabled"
        ? null
        : `Disabled automatically after ${recent} failures within 5 minutes. Last error: ${reason}`,
  });
  if (!result?.disabledReason) return { disabled: false };
  logger.warn("agents", `Agent "${result.agent.name}" disabled after repeated failures`, { reason }, { agentId });
  await raiseAlert({
    ownerId: result.agent.ownerId,
    level: "error",
    source: "agents",
    title: `Agent "${result.agent.name}" was disabled`,
    message: `${result.disabledReason} An admin can re-enable it on the Agents page.`,
  });
  return { disabled: true };
}
