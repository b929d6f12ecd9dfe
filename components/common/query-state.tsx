"use client";

import type { LucideIcon } from "lucide-react";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

/** The part of a react-query (or tRPC) result this needs; a hand-made feed can supply it too. */
export type QueryStatus = {
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  refetch: () => unknown;
};

/** Grey rows the height of the content to come, so the page does not jump when it arrives. */
export function SkeletonRows({
  count = 5,
  rowClassName = "h-12",
  className,
}: {
  count?: number;
  rowClassName?: string;
  className?: string;
}) {
  return (
    <div className={cn("flex flex-col gap-2", className)} aria-busy>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders, never reordered
        <Skeleton key={i} className={cn("w-full", rowClassName)} />
      ))}
    </div>
  );
}

/**
 * What a view shows for a query, in this order: the error with a way to try again, a skeleton
 * while loading, the empty state (what to do next) when there is nothing, then the content.
 * Content is children rather than a render function because views derive their rows first.
 */
export function QueryState({
  query,
  errorTitle,
  errorIcon,
  onRetry,
  loading = <SkeletonRows />,
  isEmpty = false,
  empty,
  children,
}: {
  query: QueryStatus;
  errorTitle: string;
  errorIcon?: LucideIcon;
  /** Instead of refetching this query, e.g. to invalidate a family of queries. */
  onRetry?: () => unknown;
  loading?: React.ReactNode;
  isEmpty?: boolean;
  empty?: React.ReactNode;
  children: React.ReactNode;
}) {
  if (query.isError) {
    return (
      <EmptyState
        icon={errorIcon}
        title={errorTitle}
        description={query.error?.message ?? "Try again."}
        action={
          <Button variant="outline" onClick={() => void (onRetry ?? query.refetch)()}>
            Try again
          </Button>
        }
        data-testid="query-error"
      />
    );
  }
  if (query.isPending) return loading;
  if (isEmpty && empty) return empty;
  return children;
}
