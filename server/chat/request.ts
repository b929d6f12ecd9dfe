import type { ModelMessage } from "ai";
import { type ChatUIMessage, textOf } from "@/server/chat/messages";

/**
 * The messages sent to the model, rebuilt from the saved thread: user prompts and the answers in
 * the current flow. Error notices are for people and stay out; so do older alternatives and
 * reasoning (models do not expect their own thinking back).
 */
export function buildModelMessages(thread: ChatUIMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const message of thread) {
    if (message.role === "system") continue;
    const text = textOf(message.parts);
    if (!text.trim()) continue;
    out.push(message.role === "user" ? { role: "user", content: text } : { role: "assistant", content: text });
  }
  return out;
}

/** The last user prompt of the thread, which Regenerate and Retry answer again. */
export function lastUserMessage(thread: ChatUIMessage[]): ChatUIMessage | undefined {
  return [...thread].reverse().find((m) => m.role === "user");
}
