import "server-only";
import { db } from "@/server/db";

/**
 * What agents did, for their stats and performance charts: tasks they ran and the model and tool
 * calls they made. None of these tables is the agents' own; `ownerId`/`userId` scopes the rows to
 * one user's work (undefined: everyone's, what an admin sees).
 */

export interface AgentCount {
  agentId: string;
  count: number;
  lastAt: Date | null;
}

// reads Task (tasks)
/** Tasks each agent ran, and the newest one's start. */
export async function countTasksByAgents({ agentIds, ownerId }: { agentIds: string[]; ownerId?: string }) {
  const rows = await db.task.groupBy({
    by: ["agentId"],
    where: { agentId: { in: agentIds }, ownerId },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return rows.map((r): AgentCount => ({ agentId: r.agentId!, count: r._count._all, lastAt: r._max.createdAt }));
}

// reads ModelCall (chat)
/** Model calls each agent made answering in a chat. */
export async function countChatCallsByAgents({ agentIds, userId }: { agentIds: string[]; userId?: string }) {
  const rows = await db.modelCall.groupBy({
    by: ["agentId"],
    where: { agentId: { in: agentIds }, sessionId: { not: null }, userId },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return rows.map((r): AgentCount => ({ agentId: r.agentId!, count: r._count._all, lastAt: r._max.createdAt }));
}

// reads ModelCall (chat)
/** Each agent's model calls since a time: how many, how many failed, their tokens, the newest. */
export async function sumModelCallsByAgentsSince({
  agentIds,
  userId,
  since,
}: {
  agentIds: string[];
  userId?: string;
  since: Date;
}) {
  const where = { agentId: { in: agentIds }, createdAt: { gte: since }, userId };
  const [all, failed] = await Promise.all([
    db.modelCall.groupBy({
      by: ["agentId"],
      where,
      _count: { _all: true },
      _sum: { inputTokens: true, outputTokens: true },
      _max: { createdAt: true },
    }),
    db.modelCall.groupBy({ by: ["agentId"], where: { ...where, ok: false }, _count: { _all: true } }),
  ]);
  const errors = new Map(failed.map((r) => [r.agentId!, r._count._all]));
  return all.map((r) => ({
    agentId: r.agentId!,
    calls: r._count._all,
    errors: errors.get(r.agentId!) ?? 0,
    tokens: (r._sum.inputTokens ?? 0) + (r._sum.outputTokens ?? 0),
    lastAt: r._max.createdAt,
  }));
}

// reads ModelCall (chat)
/** The agent's model calls since a time, newest first, at most `limit`. */
export async function listModelCallsByAgentSince({
  agentId,
  userId,
  since,
  limit,
}: {
  agentId: string;
  userId?: string;
  since: Date;
  limit: number;
}) {
  return db.modelCall.findMany({
    where: { agentId, createdAt: { gte: since }, userId },
    select: { createdAt: true, inputTokens: true, outputTokens: true, durationMs: true, ok: true },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}

// reads ToolCall (tools)
/** The agent's tool calls since a time, newest first, at most `limit`. */
export async function listToolCallsByAgentSince({
  agentId,
  userId,
  since,
  limit,
}: {
  agentId: string;
  userId?: string;
  since: Date;
  limit: number;
}) {
  return db.toolCall.findMany({
    where: { agentId, createdAt: { gte: since }, userId },
    select: { createdAt: true, status: true },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}
