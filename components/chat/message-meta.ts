import { formatCost } from "@/lib/ai/usage";
import type { ChatMessageMetadata } from "@/server/chat/messages";

/** "42 tokens · 180 ms · $0.0012" under an answer. */
export function messageFigures(meta: ChatMessageMetadata | undefined): string {
  if (!meta) return "";
  const parts: string[] = [];
  if (meta.inputTokens !== null || meta.outputTokens !== null) parts.push(`${meta.inputTokens ?? "?"} in / ${meta.outputTokens ?? "?"} out tokens`);
  if (meta.latencyMs !== null) parts.push(`first token ${Math.round(meta.latencyMs)} ms`);
  const cost = formatCost(meta.costUsd);
  if (cost) parts.push(cost);
  return parts.join(" · ");
}
