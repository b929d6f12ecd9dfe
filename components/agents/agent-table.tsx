"use client";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { AgentAvatar } from "@/components/agents/agent-avatar";
import { formatAgo, formatRate, type AgentRow } from "@/components/agents/agent-format";
import { formatCompact } from "@/lib/format";
import { AgentStatusBadge } from "@/components/agents/agent-status-badge";

/** The registry table: click selects, double-click opens a chat, arrows move the selection. */
export function AgentTable({
  rows,
  selectedId,
  onSelect,
  onOpenChat,
  now,
}: {
  rows: AgentRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpenChat: (row: AgentRow) => void;
  now: number;
}) {
  const move = (e: React.KeyboardEvent, index: number) => {
    const next = e.key === "ArrowDown" ? index + 1 : e.key === "ArrowUp" ? index - 1 : -1;
    if (next < 0 || next >= rows.length) return;
    e.preventDefault();
    onSelect(rows[next]!.id);
    (e.currentTarget.parentElement?.children[next] as HTMLElement | undefined)?.focus();
  };
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table data-testid="agents-table">
        <TableHeader>
          <TableRow>
            <TableHead>Agent</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden md:table-cell">Last activity</TableHead>
            <TableHead className="hidden sm:table-cell text-right">Runs</TableHead>
            <TableHead className="hidden sm:table-cell text-right">Tokens 24 h</TableHead>
            <TableHead className="hidden md:table-cell text-right">Errors 24 h</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((a, i) => (
            <TableRow
              key={a.id}
              tabIndex={0}
              aria-selected={a.id === selectedId}
              data-testid="agent-row"
              data-name={a.name}
              onClick={() => onSelect(a.id)}
              onDoubleClick={() => onOpenChat(a)}
              onKeyDown={(e) => {
                if (e.key === "Enter") onSelect(a.id);
                else move(e, i);
              }}
              className={cn("cursor-pointer outline-none focus-visible:bg-accent", a.id === selectedId && "bg-accent")}
            >
              <TableCell>
                <div className="flex min-w-0 items-center gap-2">
                  <AgentAvatar avatar={a.avatar} />
                  <div className="min-w-0">
                    <div className="flex items-center gap-1.5 truncate font-medium">
                      {a.name}
                      {a.builtin && (
                        <span className="rounded border px-1 text-[10px] font-normal text-muted-foreground">
                          built-in
                        </span>
                      )}
                    </div>
                    <div className="truncate text-xs text-muted-foreground">{a.role}</div>
                  </div>
                </div>
              </TableCell>
              <TableCell>
                <AgentStatusBadge status={a.status} reason={a.disabledReason} />
              </TableCell>
              <TableCell className="hidden md:table-cell text-muted-foreground">
                {formatAgo(a.stats.lastActivityAt, now)}
              </TableCell>
              <TableCell className="hidden sm:table-cell text-right tabular-nums">{a.stats.runs}</TableCell>
              <TableCell className="hidden sm:table-cell text-right tabular-nums">
                {formatCompact(a.stats.tokens24h)}
              </TableCell>
              <TableCell
                className={cn(
                  "hidden md:table-cell text-right tabular-nums",
                  (a.stats.errorRate ?? 0) > 0.2 && "text-destructive",
                )}
              >
                {formatRate(a.stats.errorRate)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
