import type { CallMetrics } from "@/lib/ai/usage";
import { parseTrace, serializeTrace } from "@/server/chat/model-trace";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { getLastCallTokensBySession, insertModelCall, listModelCallsBySession } from "@/server/chat/store/model-calls";

/** The token columns are integers (Prisma validated that for its create). */
const whole = (n: number | null) => (n === null ? null : Math.round(n));

/** One row per model call, success or failure, for Monitoring and per-message figures. */
export async function recordModelCall(input: {
  provider: string;
  model: string;
  sessionId?: string | null;
  messageId?: string | null;
  agentId?: string | null;
  userId?: string | null;
  metrics: CallMetrics;
  error?: string | null;
  /** What was sent and what came back, for the chat inspector (redacted and capped when stored). */
  request?: unknown;
  response?: unknown;
}): Promise<{ id: string }> {
  const { metrics } = input;
  const id = await insertModelCall({
    provider: input.provider,
    model: input.model,
    sessionId: input.sessionId ?? null,
    messageId: input.messageId ?? null,
    agentId: input.agentId ?? null,
    userId: input.userId ?? null,
    ttftMs: metrics.ttftMs,
    durationMs: metrics.durationMs,
    inputTokens: whole(metrics.inputTokens),
    outputTokens: whole(metrics.outputTokens),
    tokensPerSecond: metrics.tokensPerSecond,
    costUsd: metrics.costUsd,
    ok: !input.error,
    error: input.error ?? null,
    request: serializeTrace(input.request),
    response: serializeTrace(input.response),
  });
  return { id };
}

/**
 * The model calls of one of the caller's sessions, newest first, with the request and response
 * the inspector shows. Optionally only those that produced one message.
 */
export async function listSessionModelCalls(input: {
  sessionId: string;
  userId: string;
  messageId?: string;
  limit?: number;
}) {
  await getChatSessionOrThrow({ id: input.sessionId, userId: input.userId });
  const rows = await listModelCallsBySession({
    sessionId: input.sessionId,
    userId: input.userId,
    ...(input.messageId ? { messageId: input.messageId } : {}),
    limit: input.limit ?? 50,
  });
  return rows.map((r) => ({
    id: r.id,
    messageId: r.messageId,
    provider: r.provider,
    model: r.model,
    ok: r.ok,
    error: r.error,
    createdAt: r.createdAt,
    ttftMs: r.ttftMs,
    durationMs: r.durationMs,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    costUsd: r.costUsd,
    request: parseTrace(r.request),
    response: parseTrace(r.response),
  }));
}

/** The last successful call's tokens (input + output): what the conversation now occupies. */
export async function lastCallTokens(input: { sessionId: string }): Promise<number | null> {
  const last = await getLastCallTokensBySession(input);
  return last ? (last.inputTokens ?? 0) + (last.outputTokens ?? 0) : null;
}
