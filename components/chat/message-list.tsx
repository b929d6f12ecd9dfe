"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown } from "lucide-react";
import { memo, type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { MessageItem } from "@/components/chat/message-item";
import { Button } from "@/components/ui/button";
import type { ChatUIMessage } from "@/server/chat/messages";

// The virtualiser asks again for every row not yet measured whenever its options change, i.e. at
// every render while an answer streams: in a long session that rescanned every message's text per
// chunk. A message that changes is a new object (useChat and the reload replace them), so each
// object's estimate is kept.
const estimates = new WeakMap<ChatUIMessage, number>();

/**
 * A row's height before it is measured, from its text: close guesses keep the scrollbar and the
 * offsets steady while scrolling through rows that mount for the first time (a flat guess made
 * every newly measured row shift the ones below it).
 */
function estimateHeight(message: ChatUIMessage): number {
  const known = estimates.get(message);
  if (known !== undefined) return known;
  let chars = 0;
  let breaks = 0;
  for (const part of message.parts) {
    if (part.type !== "text") continue;
    chars += part.text.length;
    for (let i = part.text.indexOf("\n"); i >= 0; i = part.text.indexOf("\n", i + 1)) breaks++;
  }
  const height = 64 + Math.ceil(chars / 100) * 22 + breaks * 11;
  estimates.set(message, height);
  return height;
}

/** Closer than this to the bottom counts as "at the latest message": streaming keeps it there. */
const PINNED_PX = 48;

/**
 * The conversation, virtualised: only the messages near the viewport are in the DOM, each row
 * measured as it renders (answers grow while they stream), so a 2,000-message session scrolls
 * like a short one. The view follows a streaming answer unless the user scrolled up; then a
 * "Jump to latest" button brings it back. Memoised: typing in the composer does not render it.
 */
export const MessageList = memo(function MessageList({
  messages,
  streamingId,
  retryId,
  editId,
  onRetry,
  onEdit,
  onInspect,
  empty,
  footer,
}: {
  messages: ChatUIMessage[];
  streamingId: string | null;
  retryId: string | null;
  editId: string | null;
  onRetry: () => void;
  onEdit: () => void;
  onInspect: (messageId: string) => void;
  empty: ReactNode;
  footer: ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => estimateHeight(messages[i]!),
    overscan: 6,
    getItemKey: (i) => messages[i]!.id,
  });
  const totalSize = virtualizer.getTotalSize();

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);
  // After every change in content or measured height: stay at the bottom if the user was there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages, totalSize and footer are the triggers, not inputs
  useLayoutEffect(() => {
    if (pinned.current) toBottom();
  }, [messages, totalSize, footer, toBottom]);
  // The list no longer renders with the composer: when a longer draft shrinks the view, stay at the bottom too.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) toBottom();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [toBottom]);
  // Opening a session starts at its latest message (once: later changes follow the effect above).
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || messages.length === 0) return;
    opened.current = true;
    virtualizer.scrollToIndex(messages.length - 1, { align: "end" });
  }, [messages.length, virtualizer]);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          const near = el.scrollHeight - el.scrollTop - el.clientHeight < PINNED_PX;
          pinned.current = near;
          if (near !== atBottom) setAtBottom(near);
        }}
        className="min-h-0 flex-1 overflow-y-auto p-4 [overflow-anchor:none]"
        data-testid="chat-messages"
        data-count={messages.length}
        aria-live="polite"
      >
        {messages.length === 0 && empty}
        <div className="relative w-full" style={{ height: totalSize }}>
          {virtualizer.getVirtualItems().map((row) => {
            const m = messages[row.index]!;
            return (
              <div
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                className="absolute top-0 left-0 w-full pb-4"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <MessageItem
                  message={m}
                  streaming={m.id === streamingId}
                  onRetry={m.id === retryId ? onRetry : undefined}
                  onEdit={m.id === editId ? onEdit : undefined}
                  onInspect={m.role !== "user" && m.id !== streamingId ? onInspect : undefined}
                />
              </div>
            );
          })}
        </div>
        {footer}
      </div>
      {!atBottom && (
        <Button
          size="sm"
          variant="secondary"
          className="absolute bottom-3 left-1/2 -translate-x-1/2 shadow-md"
          onClick={() => {
            pinned.current = true;
            setAtBottom(true);
            toBottom();
          }}
          data-testid="chat-jump-latest"
        >
          <ArrowDown className="size-4" /> Jump to latest
        </Button>
      )}
    </div>
  );
});
