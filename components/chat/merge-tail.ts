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
