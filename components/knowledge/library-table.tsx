"use client";

import { useQueries } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useMemo, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { type DocumentRow, SOURCE_LABEL, STATUS_VARIANT, TYPE_COLOR, TYPE_LABEL } from "@/components/knowledge/format";
import { formatBytes, formatDateTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

export const PAGE_SIZE = 200;
const ROW_HEIGHT = 44;

export interface LibraryQuery {
  namespace: string;
  q: string;
  types: ("pdf" | "docx" | "xlsx" | "csv" | "html" | "md" | "txt" | "code" | "eml")[];
  sources: ("upload" | "watched" | "mail" | "file")[];
  statuses: ("pending" | "embedded" | "failed")[];
  sort: "title" | "createdAt" | "updatedAt" | "chunkCount" | "size";
  dir: "asc" | "desc";
}

// `wide` columns are hidden while a document's detail shares the width.
const COLUMNS: { key: LibraryQuery["sort"] | null; label: string; className: string; wide?: boolean }[] = [
  { key: "title", label: "Name", className: "min-w-0 flex-1" },
  { key: null, label: "Type", className: "w-16 shrink-0 hidden sm:block" },
  { key: null, label: "Source", className: "w-32 shrink-0 hidden lg:block", wide: true },
  { key: null, label: "Status", className: "w-24 shrink-0" },
  { key: "chunkCount", label: "Chunks", className: "w-16 shrink-0 text-right hidden sm:block" },
  { key: "createdAt", label: "Added", className: "w-44 shrink-0 hidden xl:block", wide: true },
  { key: "updatedAt", label: "Updated", className: "w-44 shrink-0 hidden md:block", wide: true },
  { key: "size", label: "Size", className: "w-20 shrink-0 text-right hidden md:block", wide: true },
];

/**
 * The documents of a namespace as a virtualised list: only the rows on screen are rendered and
 * only the pages of 200 they fall in are fetched (server-side filters and sort), so 10,000
 * documents scroll as smoothly as ten.
 */
export function LibraryTable({
  query,
  total,
  firstPage,
  selected,
  onToggle,
  onToggleAll,
  allSelected,
  onOpen,
  openId,
  onSort,
  compact,
}: {
  compact: boolean;
  query: LibraryQuery;
  total: number;
  firstPage: DocumentRow[];
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  allSelected: boolean;
  onOpen: (id: string) => void;
  openId: string | null;
  onSort: (key: LibraryQuery["sort"]) => void;
}) {
  const trpc = useTRPC();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const pages = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) if (p > 0) out.push(p);
    return out;
  }, [first, last]);
  const loaded = useQueries({
    queries: pages.map((p) => ({
      ...trpc.knowledge.documents.queryOptions({ ...query, offset: p * PAGE_SIZE, limit: PAGE_SIZE }),
      staleTime: 5000,
    })),
  });
  const rowAt = (index: number): DocumentRow | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    if (page === 0) return firstPage[index];
    return loaded[pages.indexOf(page)]?.data?.rows[index - page * PAGE_SIZE];
  };

  return (
    <div className="flex min-h-0 flex-col rounded-md border" data-testid="kb-library">
      <div className="flex items-center gap-3 border-b bg-muted/40 px-3 py-2 text-xs font-medium text-muted-foreground">
        <Checkbox
          checked={allSelected}
          onCheckedChange={onToggleAll}
          aria-label="Select all documents that match"
          data-testid="kb-select-all"
        />
        {COLUMNS.filter((c) => !(compact && c.wide)).map((c) => (
          <div key={c.label} className={c.className}>
            {c.key ? (
              <button
                type="button"
                className="inline-flex items-center gap-1 hover:text-foreground"
                onClick={() => onSort(c.key!)}
                data-testid={`kb-sort-${c.key}`}
              >
                {c.label}
                {query.sort === c.key &&
                  (query.dir === "asc" ? (
                    <ArrowUp className="size-3" aria-label="ascending" />
                  ) : (
                    <ArrowDown className="size-3" aria-label="descending" />
                  ))}
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
      </div>
      <div ref={scrollRef} className="h-[min(60vh,640px)] overflow-y-auto" data-testid="kb-library-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const row = rowAt(v.index);
            return (
              <div
                key={v.key}
                className="absolute inset-x-0"
                style={{ top: 0, height: v.size, transform: `translateY(${v.start}px)` }}
              >
                {row ? (
                  <DocumentLine
                    row={row}
                    compact={compact}
                    selected={selected.has(row.id)}
                    open={openId === row.id}
                    onToggle={() => onToggle(row.id)}
                    onOpen={() => onOpen(row.id)}
                  />
                ) : (
                  <div className="flex h-full items-center px-3">
                    <Skeleton className="h-5 w-full" />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function DocumentLine({
  row,
  compact,
  selected,
  open,
  onToggle,
  onOpen,
}: {
  row: DocumentRow;
  compact: boolean;
  selected: boolean;
  open: boolean;
  onToggle: () => void;
  onOpen: () => void;
}) {
  // The checkbox, then one button for the rest of the line (its padding stands for the gap and the right
  // padding): a click anywhere on the line, or Enter on the button, opens the document.
  return (
    <div
      className={cn(
        "flex h-full cursor-pointer items-center border-b pl-3 text-sm hover:bg-accent/50",
        open && "bg-accent",
      )}
      data-testid="kb-row"
      data-title={row.title}
      data-status={row.status}
    >
      <Checkbox checked={selected} onCheckedChange={onToggle} aria-label={`Select ${row.title}`} />
      <button
        type="button"
        className="group flex h-full min-w-0 flex-1 items-center gap-3 px-3 text-left focus-visible:outline-none"
        onClick={onOpen}
      >
        <span className="min-w-0 flex-1">
          <span
            className="block w-full truncate font-medium group-focus-visible:underline hover:underline"
            title={row.sourcePath ?? row.title}
          >
            {row.title}
          </span>
        </span>
        <span className="hidden w-16 shrink-0 sm:block">
          <span className={cn("rounded px-1.5 py-0.5 text-[11px] font-semibold", TYPE_COLOR[row.type])}>
            {TYPE_LABEL[row.type]}
          </span>
        </span>
        {!compact && (
          <span className="hidden w-32 shrink-0 truncate text-muted-foreground lg:block">
            {SOURCE_LABEL[row.source] ?? row.source}
          </span>
        )}
        <span className="w-24 shrink-0">
          <Badge
            variant={STATUS_VARIANT[row.status] ?? "outline"}
            title={row.error ?? undefined}
            data-testid="kb-row-status"
          >
            {row.status}
          </Badge>
        </span>
        <span className="hidden w-16 shrink-0 text-right tabular-nums sm:block">{row.chunkCount}</span>
        {!compact && (
          <>
            <span className="hidden w-44 shrink-0 whitespace-nowrap text-muted-foreground xl:block">
              {formatDateTime(row.createdAt)}
            </span>
            <span className="hidden w-44 shrink-0 whitespace-nowrap text-muted-foreground md:block">
              {formatDateTime(row.updatedAt)}
            </span>
            <span className="hidden w-20 shrink-0 text-right whitespace-nowrap text-muted-foreground tabular-nums md:block">
              {formatBytes(row.size)}
            </span>
          </>
        )}
      </button>
    </div>
  );
}
