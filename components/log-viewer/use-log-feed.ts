"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useEventStream } from "@/hooks/use-event-stream";
import { useTRPCClient } from "@/lib/trpc/react";
import type { LogFilters } from "@/lib/logs/filters";
import type { LogListEntry } from "@/server/logs/log-rows";

const PAGE_SIZE = 100;
const TAIL_BATCH = 200;
const TAIL_DELAY_MS = 250;

export type TailStatus = "live" | "paused" | "polling" | "connecting" | "off";

/**
 * The entries of the viewer: pages going back in time (infinite query, `before` cursors) plus a
 * live tail of entries newer than the newest one loaded. Each `logs` event (or poll, while the
 * stream is down) fetches `after` the newest id with the current filters, so the tail respects
 * filters and visibility. While paused, new entries wait in `pending` instead of moving the list.
 */
export function useLogFeed({ filters, paused }: { filters: LogFilters; paused: boolean }) {
  const client = useTRPCClient();
  const filterKey = JSON.stringify(filters);
  const query = useInfiniteQuery({
    queryKey: ["log-viewer", "list", filterKey],
    queryFn: ({ pageParam }) => client.logs.list.query({ filters, before: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: Infinity,
  });

  const [tail, setTail] = useState<{ key: string; entries: LogListEntry[]; pending: LogListEntry[] }>({
    key: filterKey,
    entries: [],
    pending: [],
  });
  const current = tail.key === filterKey ? tail : { key: filterKey, entries: [], pending: [] };

  const loaded = useMemo(() => query.data?.pages.flatMap((p) => p.entries) ?? [], [query.data]);
  const entries = useMemo(
    () => (current.entries.length ? [...current.entries, ...loaded] : loaded),
    [current.entries, loaded],
  );
  const newestId = current.pending[0]?.id ?? entries[0]?.id ?? 0;

  const state = useRef({ newestId, filterKey, filters, paused, ready: query.isSuccess });
  useEffect(() => {
    state.current = { newestId, filterKey, filters, paused, ready: query.isSuccess };
  });
  const flight = useRef({ busy: false, again: false });

  const fetchNewer = useCallback(async () => {
    const s = state.current;
    const f = flight.current;
    if (!s.ready) return;
    if (f.busy) {
      f.again = true;
      return;
    }
    f.busy = true;
    try {
      let after = s.newestId;
      const key = s.filterKey;
      for (let round = 0; round < 10; round++) {
        const page = await client.logs.list.query({ filters: s.filters, after, limit: TAIL_BATCH });
        if (state.current.filterKey !== key || page.entries.length === 0) break;
        after = page.entries[0]!.id;
        const fresh = page.entries;
        setTail((t) => {
          const base = t.key === key ? t : { key, entries: [], pending: [] };
          return state.current.paused
            ? { ...base, pending: [...fresh, ...base.pending] }
            : { ...base, entries: [...fresh, ...base.pending, ...base.entries], pending: [] };
        });
        state.current.newestId = after;
        if (!page.more) break;
      }
    } catch {
      // A failed tail fetch is retried by the next event or poll.
    } finally {
      f.busy = false;
      if (f.again) {
        f.again = false;
        void fetchNewer();
      }
    }
  }, [client]);

  // Entries written while the first page was loading arrive through this first catch-up: once the
  // first page is there, and again for every change of filters (also back to a cached first page).
  const catchUpKey = query.isSuccess ? filterKey : null;
  useEffect(() => {
    if (catchUpKey !== null) void fetchNewer();
  }, [catchUpKey, fetchNewer]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onEvent = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = null;
      void fetchNewer();
    }, TAIL_DELAY_MS);
  }, [fetchNewer]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const liveWanted = !filters.to;
  const { status } = useEventStream(["logs"], onEvent, { enabled: liveWanted, onPoll: fetchNewer, onGap: fetchNewer });

  /** Moves the entries that arrived while paused into the list. */
  const resume = useCallback(() => {
    setTail((t) =>
      t.key === filterKey && t.pending.length ? { ...t, entries: [...t.pending, ...t.entries], pending: [] } : t,
    );
  }, [filterKey]);

  useEffect(() => {
    if (!paused) resume();
  }, [paused, resume]);

  const tailStatus: TailStatus = !liveWanted
    ? "off"
    : status === "polling"
      ? "polling"
      : paused
        ? "paused"
        : status === "open"
          ? "live"
          : "connecting";

  return {
    entries,
    pendingCount: current.pending.length,
    resume,
    tailStatus,
    isLoading: query.isPending,
    isError: query.isError,
    error: query.error,
    hasMore: query.hasNextPage,
    loadMore: () => {
      if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
    },
    isLoadingMore: query.isFetchingNextPage,
    refetch: () => {
      setTail({ key: filterKey, entries: [], pending: [] });
      void query.refetch();
    },
  };
}
