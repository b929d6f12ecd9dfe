"use client";

import { useQuery } from "@tanstack/react-query";
import { levelBadgeClass } from "@/components/log-viewer/level-style";
import { LOG_LEVELS } from "@/lib/log-levels";
import { formatNumber } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

const REFRESH_MS = 15_000;

export function LevelCounters() {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.logs.stats.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <dl className="flex flex-wrap gap-2" data-testid="log-counters" aria-busy={stats.isPending}>
      {LOG_LEVELS.map((level) => (
        <div
          key={level}
          className={cn("flex items-baseline gap-1.5 rounded-md px-2 py-1", levelBadgeClass[level])}
          data-testid={`log-counter-${level}`}
        >
          <dt className="text-[10px] font-semibold tracking-wide">{level}</dt>
          <dd className="text-sm font-semibold tabular-nums">
            {stats.data ? formatNumber(stats.data.byLevel[level]) : "–"}
          </dd>
        </div>
      ))}
    </dl>
  );
}
