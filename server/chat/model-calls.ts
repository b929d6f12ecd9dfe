import type { CallMetrics } from "@/lib/ai/usage";
import { db } from "@/server/db";

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
}) {
  const { metrics } = input;
  return db.modelCall.create({
    data: {
      provider: input.provider,
      model: input.model,
      sessionId: input.sessionId ?? null,
      messageId: input.messageId ?? null,
      agentId: input.agentId ?? null,
      userId: input.userId ?? null,
      ttftMs: metrics.ttftMs,
      durationMs: metrics.durationMs,
      inputTokens: metrics.inputTokens,
      outputTokens: metrics.outputTokens,
      tokensPerSecond: metrics.tokensPerSecond,
      costUsd: metrics.costUsd,
      ok: !input.error,
      error: input.error ?? null,
    },
  });
}
