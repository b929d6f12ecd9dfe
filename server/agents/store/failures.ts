import "server-only";
import { db } from "@/server/db";

/** The AgentFailure table: recent failed runs, which can disable their agent. */

type FailingAgent = { id: string; name: string; status: string; ownerId: string | null };

/**
 * Records one failure, prunes those older than `pruneBefore` and counts those after
 * `countAfter` (up to `at`), then lets `disabledReason` decide from that count whether the agent
 * is disabled: all in one transaction, so two failures at once cannot both miss the limit.
 * Null when the agent does not exist.
 */
export async function insertAgentFailure({
  agentId,
  reason,
  at,
  pruneBefore,
  countAfter,
  disabledReason,
}: {
  agentId: string;
  reason: string;
  at: Date;
  pruneBefore: Date;
  countAfter: Date;
  disabledReason: (agent: FailingAgent, recentFailures: number) => string | null;
}): Promise<{ agent: FailingAgent; disabledReason: string | null } | null> {
  return db.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({
      where: { id: agentId },
      select: { id: true, name: true, status: true, ownerId: true },
    });
    if (!agent) return null;
    await tx.agentFailure.create({ data: { agentId, reason, createdAt: at } });
    await tx.agentFailure.deleteMany({ where: { agentId, createdAt: { lt: pruneBefore } } });
    const recent = await tx.agentFailure.count({ where: { agentId, createdAt: { gt: countAfter, lte: at } } });
    const disabled = disabledReason(agent, recent);
    if (disabled !== null)
      await tx.agent.update({ where: { id: agentId }, data: { status: "disabled", disabledReason: disabled } });
    return { agent, disabledReason: disabled };
  });
}
