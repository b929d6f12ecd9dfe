"use client";

import { ArrowUp, Loader2, ScrollText, SearchX } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { QueryState, SkeletonRows } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportButtons } from "@/components/log-viewer/export-buttons";
import { FilterBar } from "@/components/log-viewer/filter-bar";
import { LogDetailPanel } from "@/components/log-viewer/log-detail-panel";
import { LogList } from "@/components/log-viewer/log-list";
import { TailIndicator } from "@/components/log-viewer/tail-indicator";
import { useLogFeed } from "@/components/log-viewer/use-log-feed";
import {
  DEFAULT_VIEWER_FILTERS,
  isFiltered,
  toLogFilters,
  type ViewerFilters,
} from "@/components/log-viewer/viewer-filters";
import { cn } from "@/lib/utils";
import type { LogFilters } from "@/lib/logs/filters";
import { isTyping } from "@/hooks/use-hotkey";

/**
 * The reusable log viewer: filters, a virtualised live list, a detail panel and exports.
 * `fixed` narrows every query and export (a task page passes `{ taskId }`).
 * Keys: "/" focuses the search, arrows move the selection, Esc closes the details.
 */
export function LogViewer({
  fixed,
  hideSubsystems,
  className,
  emptyHint = "Entries appear here as soon as the app writes them: sign-ins, settings changes, tasks and errors.",
}: {
  fixed?: Partial<LogFilters>;
  hideSubsystems?: boolean;
  className?: string;
  emptyHint?: string;
}) {
  const [viewerFilters, setViewerFilters] = useState<ViewerFilters>(DEFAULT_VIEWER_FILTERS);
  const [anchor, setAnchor] = useState(() => Date.now());
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [atTop, setAtTop] = useState(true);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const listRef = useRef<HTMLDivElement | null>(null);

  const fixedKey = JSON.stringify(fixed ?? {});
  const filters = useMemo(
    () => toLogFilters(viewerFilters, anchor, JSON.parse(fixedKey) as Partial<LogFilters>),
    [viewerFilters, anchor, fixedKey],
  );
  const feed = useLogFeed({ filters, paused: !atTop });

  const changeFilters = useCallback((next: ViewerFilters) => {
    setViewerFilters(next);
    setAnchor(Date.now());
    setAtTop(true);
    listRef.current?.scrollTo({ top: 0 });
  }, []);

  const resume = () => {
    listRef.current?.scrollTo({ top: 0 });
    setAtTop(true);
    feed.resume();
  };

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const filtered = isFiltered(filters);
  const { loadMore } = feed;
  const onNearEnd = useCallback(() => loadMore(), [loadMore]);

  return (
    <section
      aria-label="Logs"
      className={cn("flex min-h-0 flex-col gap-3", className)}
      data-testid="log-viewer"
      onKeyDown={(e) => {
        if (e.key === "Escape" && selectedId !== null && !e.defaultPrevented) {
          setSelectedId(null);
          listRef.current?.focus();
        }
      }}
    >
      <FilterBar value={viewerFilters} onChange={changeFilters} searchRef={searchRef} hideSubsystems={hideSubsystems} />
      <div className="flex flex-wrap items-center gap-3">
        <TailIndicator status={feed.tailStatus} />
        {feed.pendingCount > 0 && (
          <Button size="sm" onClick={resume} data-testid="log-resume">
            <ArrowUp />
            {feed.pendingCount} new {feed.pendingCount === 1 ? "entry" : "entries"} — resume
          </Button>
        )}
        <span className="text-xs text-muted-foreground" data-testid="log-count">
          {feed.entries.length} shown{feed.hasMore ? ", scroll for older" : ""}
        </span>
        <div className="ml-auto">
          <ExportButtons filters={filters} />
        </div>
      </div>
      <div className={cn("grid min-h-0 flex-1 gap-3", selectedId !== null && "lg:grid-cols-[minmax(0,1fr)_26rem]")}>
        <div className="flex min-h-0 flex-col">
          <QueryState
            query={{ isPending: feed.isLoading, isError: feed.isError, error: feed.error, refetch: feed.refetch }}
            errorTitle="The logs could not be loaded"
            errorIcon={SearchX}
            loading={<SkeletonRows count={8} rowClassName="h-7" className="gap-1.5" />}
            isEmpty={feed.entries.length === 0}
            empty={
              filtered ? (
                <EmptyState
                  icon={SearchX}
                  title="Nothing matches these filters"
                  description="Try other words, more levels or subsystems, or a longer time range."
                  action={
                    <Button variant="outline" onClick={() => changeFilters(DEFAULT_VIEWER_FILTERS)}>
                      Clear filters
                    </Button>
                  }
                  data-testid="log-empty"
                />
              ) : (
                <EmptyState
                  icon={ScrollText}
                  title="No log entries yet"
                  description={emptyHint}
                  data-testid="log-empty"
                />
              )
            }
          >
            <LogList
              entries={feed.entries}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onScrollTop={setAtTop}
              onNearEnd={onNearEnd}
              scrollRef={listRef}
              footer={
                feed.isLoadingMore && (
                  <p className="flex items-center justify-center gap-2 py-2 text-muted-foreground">
                    <Loader2 className="size-3 animate-spin" aria-hidden /> Loading older entries…
                  </p>
                )
              }
            />
          </QueryState>
        </div>
        {selectedId !== null && (
          <div className="fixed inset-x-0 bottom-0 z-40 flex max-h-[75vh] min-h-0 flex-col bg-background p-2 shadow-lg lg:static lg:z-auto lg:max-h-none lg:bg-transparent lg:p-0 lg:shadow-none">
            <LogDetailPanel id={selectedId} onClose={() => setSelectedId(null)} onSelect={setSelectedId} />
          </div>
        )}
      </div>
    </section>
  );
}
