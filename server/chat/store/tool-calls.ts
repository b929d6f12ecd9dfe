import "server-only";
import { db } from "@/server/db";

/**
 * reads ToolCall (tools): the tools domain records each call while the answer streams, before the
 * answer has a message id; the chat ties them to the saved answer. server/tools/store.ts has no
 * function for that.
 */
export async function linkToolCallsToMessage(input: {
  sessionId: string;
  messageId: string;
  toolCallIds: string[];
}): Promise<{ toolCallId: string | null; status: string; durationMs: number }[]> {
  await db.toolCall.updateMany({
    where: { sessionId: input.sessionId, toolCallId: { in: input.toolCallIds }, messageId: null },
    data: { messageId: input.messageId },
  });
  return db.toolCall.findMany({
    where: { sessionId: input.sessionId, toolCallId: { in: input.toolCallIds } },
    orderBy: { createdAt: "asc" },
    select: { toolCallId: true, status: true, durationMs: true },
  });
}
