import { estimateTokens, formatCost } from "@/lib/ai/usage";
import type { ChatMessageMetadata } from "@/server/chat/messages";

/**
 * "42 in / 180 out tokens · first token 180 ms · $0.0012" under an answer. A stopped answer's
 * provider never reported usage, so its output is estimated from `text` and marked "~".
 */
export function messageFigures(meta: ChatMessageMetadata | undefined, text = ""): string {
  if (!meta) return "";
  const parts: string[] = [];
  if (meta.inputTokens !== null || meta.outputTokens !== null)
    parts.push(`${meta.inputTokens ?? "?"} in / ${meta.outputTokens ?? "?"} out tokens`);
  else if (meta.status === "stopped" && text) parts.push(`~${estimateTokens(text)} out tokens`);
  if (meta.latencyMs !== null) parts.push(`first token ${Math.round(meta.latencyMs)} ms`);
  const cost = formatCost(meta.costUsd);
  if (cost) parts.push(cost);
  return parts.join(" · ");
}
