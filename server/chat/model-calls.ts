import type { CallMetrics } from "@/lib/ai/usage";
import { parseTrace, serializeTrace } from "@/server/chat/model-trace";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { db, preparedStatement } from "@/server/db";
import { newRowId, sqlTime } from "@/server/db/sql";

/** The token columns are integers (Prisma validated that for its create). */
const whole = (n: number | null) => (n === null ? null : Math.round(n));

const insertModelCall = preparedStatement(
  `INSERT INTO ModelCall (id, provider, model, sessionId, messageId, agentId, userId, ttftMs, durationMs, inputTokens, outputTokens, tokensPerSecond, costUsd, ok, error, request, response, createdAt, updatedAt)
   VALUES (@id, @provider, @model, @sessionId, @messageId, @agentId, @userId, @ttftMs, @durationMs, @inputTokens, @outputTokens, @tokensPerSecond, @costUsd, @ok, @error, @request, @response, @at, @at)`,
);

/**
 * One row per model call, success or failure, for Monitoring and per-message figures. Written
 * at the end of every chat turn, while the page is still painting the answer: a prepared
 * statement costs ~0.1 ms where Prisma's create cost ~2.6 ms of CPU.
 */
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
  const id = newRowId();
  (await insertModelCall()).run({
    id,
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
    ok: input.error ? 0 : 1,
    error: input.error ?? null,
    request: serializeTrace(input.request),
    response: serializeTrace(input.response),
    at: sqlTime(new Date()),
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
  const rows = await db.modelCall.findMany({
    where: {
      sessionId: input.sessionId,
      userId: input.userId,
      ...(input.messageId ? { messageId: input.messageId } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: input.limit ?? 50,
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
  const last = await db.modelCall.findFirst({
    where: { sessionId: input.sessionId, ok: true, inputTokens: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { inputTokens: true, outputTokens: true },
  });
  return last ? (last.inputTokens ?? 0) + (last.outputTokens ?? 0) : null;
}
