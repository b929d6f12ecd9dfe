import type { ChatUIMessage } from "@/server/chat/messages";

/**
 * The page's thread after a turn: what it showed before the saved tail (the thread from the
 * latest saved prompt on, chat.get with `tail`) and then that tail. The tail replaces the
 * messages from its first message on when the page has it (a regenerated or edited prompt, or a
 * prompt that was refused and never saved: then the optimistic one goes), else from the page's
 * last prompt, which was shown under a temporary id until it was saved.
 */
export function mergeThreadTail(shown: ChatUIMessage[], tail: ChatUIMessage[]): ChatUIMessage[] {
  if (tail.length === 0) return [];
  const same = shown.findIndex((m) => m.id === tail[0]!.id);
  const from = same >= 0 ? same : shown.findLastIndex((m) => m.role === "user");
  return [...shown.slice(0, Math.max(0, from)), ...tail];
}

/** Parts saved as they streamed; anything else (tool calls, sources, notices) is completed when saved. */
const SAVED_AS_STREAMED = new Set(["text", "reasoning", "step-start"]);

/**
 * The page's thread after a new prompt was answered to the end, when it already matches the
 * database: the answer streamed under its saved row's id and its last chunk brought the saved
 * metadata (figures, createdAt, its prompt's id, which the prompt shown under a temporary id then
 * takes). Null when the saved tail holds more than the page saw, so it is read back: the answer
 * did not arrive whole (stopped, failed, not saved), its tool calls, sources or notices were
 * completed when saved, or it answered the chat's first prompt (which names the chat).
 */
export function settleTurn(shown: ChatUIMessage[]): ChatUIMessage[] | null {
  const answer = shown.at(-1);
  const prompt = shown.at(-2);
  const promptId = answer?.metadata?.parentId;
  if (answer?.role !== "assistant" || prompt?.role !== "user" || !promptId || !answer.metadata?.createdAt) return null;
  if (!answer.parts.every((p) => SAVED_AS_STREAMED.has(p.type))) return null;
  if (shown.findIndex((m) => m.role === "user") === shown.length - 2) return null;
  return [...shown.slice(0, -2), { ...prompt, id: promptId }, answer];
}
