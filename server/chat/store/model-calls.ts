import "server-only";
import { db, preparedStatement } from "@/server/db";
import { type Column, insertSql, rowDefaults } from "@/server/db/sql";

/**
 * ModelCall: one row per model call. Written at the end of every chat turn while the page still
 * paints the answer, so the insert is a prepared statement (docs/benchmarks.md).
 */

const NEW_CALL_FIELDS = [
  "id",
  "provider",
  "model",
  "sessionId",
  "messageId",
  "agentId",
  "userId",
  "ttftMs",
  "durationMs",
  "inputTokens",
  "outputTokens",
  "tokensPerSecond",
  "costUsd",
  "ok",
  "error",
  "request",
  "response",
  "createdAt",
  "updatedAt",
] as const satisfies readonly Column<"ModelCall">[];

export interface NewModelCall {
  provider: string;
  model: string;
  sessionId: string | null;
  messageId: string | null;
  agentId: string | null;
  userId: string | null;
  ttftMs: number | null;
  durationMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
  tokensPerSecond: number | null;
  costUsd: number | null;
  ok: boolean;
  error: string | null;
  request: string | null;
  response: string | null;
}

const insertCall = preparedStatement(insertSql("ModelCall", NEW_CALL_FIELDS));

/** Returns the new row's id. */
export async function insertModelCall(row: NewModelCall): Promise<string> {
  const defaults = rowDefaults();
  (await insertCall()).run({ ...row, ok: row.ok ? 1 : 0, ...defaults });
  return defaults.id;
}

/** Newest first; optionally only the calls that produced one message. */
export async function listModelCallsBySession(input: {
  sessionId: string;
  userId: string;
  messageId?: string;
  limit: number;
}) {
  return db.modelCall.findMany({
    where: {
      sessionId: input.sessionId,
      userId: input.userId,
      ...(input.messageId ? { messageId: input.messageId } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: input.limit,
  });
}

/** The session's newest successful call that reported its input tokens. */
export async function getLastCallTokensBySession(input: { sessionId: string }) {
  return db.modelCall.findFirst({
    where: { sessionId: input.sessionId, ok: true, inputTokens: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { inputTokens: true, outputTokens: true },
  });
}
