"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

const ALL = "__all__";

/** The audit trail (who changed settings, revealed secrets, created tokens), newest first. */
export function AuditTable() {
  const trpc = useTRPC();
  const [action, setAction] = useState<string>(ALL);
  const actions = useQuery(trpc.logs.auditActions.queryOptions());
  const audit = useInfiniteQuery(
    trpc.logs.audit.infiniteQueryOptions(
      { action: action === ALL ? undefined : action, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = audit.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <div className="flex flex-col gap-3" data-testid="audit-log">
      <div className="flex items-center gap-2">
        <Select value={action} onValueChange={setAction}>
          <SelectTrigger className="w-56" aria-label="Filter by action" data-testid="audit-action">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All actions</SelectItem>
            {(actions.data ?? []).map((a) => (
              <SelectItem key={a} value={a}>
                {a}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {audit.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : audit.isError ? (
        <p className="text-sm text-destructive">{audit.error.message}</p>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={ShieldCheck}
          title="No audit records yet"
          description="Settings changes, secret reveals, token and user changes are recorded here as they happen."
        />
      ) : (
        <div className="overflow-x-auto rounded-md border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id} data-testid="audit-row">
                  <TableCell className="whitespace-nowrap tabular-nums">
                    {new Date(r.createdAt).toLocaleString()}
                  </TableCell>
                  <TableCell>{r.actorLabel}</TableCell>
                  <TableCell className="font-mono text-xs">{r.action}</TableCell>
                  <TableCell className="font-mono text-xs">{r.target ?? "—"}</TableCell>
                  <TableCell
                    className="max-w-96 truncate font-mono text-xs"
                    title={r.details ? JSON.stringify(r.details) : undefined}
                  >
                    {r.details ? JSON.stringify(r.details) : "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {audit.hasNextPage && (
        <Button
          variant="outline"
          className="self-center"
          onClick={() => void audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          {audit.isFetchingNextPage ? "Loading…" : "Load older records"}
        </Button>
      )}
    </div>
  );
}
