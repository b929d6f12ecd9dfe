"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, type RefObject, useEffect } from "react";
import { HighlightedText } from "@/components/log-viewer/highlighted-text";
import { levelBadgeClass, levelRowClass } from "@/components/log-viewer/level-style";
import { cn } from "@/lib/utils";
import type { LogListEntry } from "@/server/logs/log-rows";

const ROW_HEIGHT = 34;

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export function formatLogTime(iso: string): string {
  const d = new Date(iso);
  return `${timeFormat.format(d)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/**
 * The virtualised list, newest at the top. It reports scrolling (for pausing the tail), asks for
 * older pages near the bottom, and moves the selection with the arrow keys.
 */
export function LogList({
  entries,
  selectedId,
  onSelect,
  onScrollTop,
  onNearEnd,
  scrollRef,
  footer,
}: {
  entries: LogListEntry[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  onScrollTop: (atTop: boolean) => void;
  onNearEnd: () => void;
  scrollRef: RefObject<HTMLDivElement | null>;
  footer?: React.ReactNode;
}) {
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => entries[i]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (entries.length > 0 && lastIndex >= entries.length - 20) onNearEnd();
  }, [lastIndex, entries.length, onNearEnd]);

  const selectedIndex = selectedId === null ? -1 : entries.findIndex((e) => e.id === selectedId);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (entries.length === 0) return;
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      const next = Math.min(entries.length - 1, Math.max(0, (selectedIndex === -1 ? -1 : selectedIndex) + step));
      onSelect(entries[next]!.id);
      virtualizer.scrollToIndex(next, { align: "auto" });
    } else if (e.key === "Home") {
      e.preventDefault();
      onSelect(entries[0]!.id);
      virtualizer.scrollToIndex(0);
    }
  }

  return (
    <div
      ref={scrollRef}
      tabIndex={0}
      role="listbox"
      aria-label="Log entries"
      aria-activedescendant={selectedId !== null ? `log-row-${selectedId}` : undefined}
      onKeyDown={onKeyDown}
      onScroll={(e) => onScrollTop(e.currentTarget.scrollTop < 8)}
      className="relative min-h-0 flex-1 overflow-auto rounded-md border font-mono text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      data-testid="log-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative", width: "100%" }}>
        {items.map((item) => {
          const e = entries[item.index]!;
          const selected = e.id === selectedId;
          return (
            // biome-ignore lint/a11y/useFocusableInteractive: aria-activedescendant listbox: focus stays on the listbox, which points at the selected option; a focusable option would take focus into a row the virtualiser unmounts on scroll.
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox's onKeyDown moves the selection (arrows, Page Up/Down, Home); an option never has focus to receive keys.
            <div
              key={item.key}
              id={`log-row-${e.id}`}
              role="option"
              aria-selected={selected}
              data-testid="log-row"
              data-log-id={e.id}
              onClick={() => onSelect(e.id)}
              className={cn(
                "absolute top-0 left-0 flex w-full cursor-pointer items-center gap-2 border-b border-border/50 px-2 hover:bg-accent/60",
                levelRowClass[e.level],
                selected && "bg-accent ring-1 ring-ring/50 ring-inset",
              )}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              <time dateTime={e.time} className="hidden shrink-0 text-muted-foreground tabular-nums sm:inline">
                {formatLogTime(e.time)}
              </time>
              <span
                className={cn(
                  "w-[4.5rem] shrink-0 rounded px-1 text-center text-[10px] font-semibold",
                  levelBadgeClass[e.level],
                )}
              >
                {e.level}
              </span>
              <span className="hidden w-24 shrink-0 truncate text-muted-foreground md:inline" title={e.subsystem}>
                {e.subsystem}
              </span>
              <span className="min-w-0 flex-1 truncate" data-testid="log-message">
                <HighlightedText text={e.message} highlight={e.highlight} />
              </span>
            </div>
          );
        })}
      </div>
      {footer}
    </div>
  );
}
