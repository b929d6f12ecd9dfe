import { db } from "@/server/db";

/** The ToolCall table: one row per call, denied and rejected ones included. */
export interface NewToolCall {
  tool: string;
  toolCallId: string | null;
  agentId: string | null;
  runId: string | null;
  sessionId: string | null;
  messageId: string | null;
  userId: string;
  input: string;
  output: string;
  outputSize?: number;
  durationMs?: number;
  status: string;
  error?: string | null;
}

/** Returns the new row's id. */
export async function insertToolCall(data: NewToolCall): Promise<string> {
  return (await db.toolCall.create({ data, select: { id: true } })).id;
}

/** Newest first; `userId` limits to one user's calls, the others filter when set. */
export async function listRecentToolCalls(q: {
  userId?: string;
  agentId?: string;
  sessionId?: string;
  runId?: string;
  status?: string;
  limit: number;
}) {
  return db.toolCall.findMany({
    where: {
      ...(q.userId !== undefined ? { userId: q.userId } : {}),
      ...(q.agentId ? { agentId: q.agentId } : {}),
      ...(q.sessionId ? { sessionId: q.sessionId } : {}),
      ...(q.runId ? { runId: q.runId } : {}),
      ...(q.status ? { status: q.status } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: q.limit,
    select: {
      id: true,
      tool: true,
      agentId: true,
      runId: true,
      sessionId: true,
      messageId: true,
      toolCallId: true,
      input: true,
      output: true,
      outputSize: true,
      durationMs: true,
      status: true,
      error: true,
      createdAt: true,
    },
  });
}
