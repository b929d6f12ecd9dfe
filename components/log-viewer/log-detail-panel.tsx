"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatLogTime } from "@/components/log-viewer/log-list";
import { levelBadgeClass } from "@/components/log-viewer/level-style";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import type { LogListEntry } from "@/server/logs/log-rows";

type DetailTab = "overview" | "context" | "correlation";

export function LogDetailPanel({
  id,
  onClose,
  onSelect,
}: {
  id: number;
  onClose: () => void;
  onSelect: (id: number) => void;
}) {
  const trpc = useTRPC();
  const [tab, setTab] = useState<DetailTab>("overview");
  const detail = useQuery(trpc.logs.get.queryOptions({ id }));
  const context = useQuery({ ...trpc.logs.context.queryOptions({ id }), enabled: tab === "context" });
  const correlated = useQuery({ ...trpc.logs.correlated.queryOptions({ id }), enabled: tab === "correlation" });
  const e = detail.data;

  return (
    <aside
      aria-label="Log entry details"
      className="flex min-h-0 flex-col gap-3 overflow-hidden rounded-md border bg-card p-3 text-card-foreground"
      data-testid="log-detail"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="flex min-w-0 flex-col gap-1">
          <h2 className="text-sm font-semibold">Entry #{id}</h2>
          {e && (
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <span className={cn("rounded px-1.5 py-0.5 font-semibold", levelBadgeClass[e.level])}>{e.level}</span>
              <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time>
            </div>
          )}
        </div>
        <Button
          variant="ghost"
          size="icon"
          onClick={onClose}
          aria-label="Close details (Esc)"
          data-testid="log-detail-close"
        >
          <X />
        </Button>
      </div>
      <Tabs value={tab} onValueChange={(v) => setTab(v as DetailTab)} className="min-h-0 flex-1">
        <TabsList className="w-full">
          <TabsTrigger value="overview" data-testid="log-detail-tab-overview">
            Overview
          </TabsTrigger>
          <TabsTrigger value="context" data-testid="log-detail-tab-context">
            Context
          </TabsTrigger>
          <TabsTrigger value="correlation" data-testid="log-detail-tab-correlation">
            Same correlation id
          </TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="min-h-0 overflow-auto">
          {detail.isPending && <Skeleton className="h-40 w-full" />}
          {detail.isError && <p className="text-sm text-destructive">{detail.error.message}</p>}
          {e && (
            <div className="flex flex-col gap-3 text-sm">
              <p className="break-words whitespace-pre-wrap" data-testid="log-detail-message">
                {e.message}
              </p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
                <Field label="Subsystem" value={e.subsystem} />
                <Field label="Correlation id" value={e.correlationId} />
                <Field label="User" value={e.userId} />
                <Field label="Task" value={e.taskId} />
                <Field label="Agent" value={e.agentId} />
                <Field label="Workflow" value={e.workflowId} />
              </dl>
              {e.data !== null && (
                <section>
                  <h3 className="mb-1 text-xs font-semibold text-muted-foreground">Data</h3>
                  <pre className="max-h-64 overflow-auto rounded bg-muted p-2 text-xs" data-testid="log-detail-data">
                    {JSON.stringify(e.data, null, 2)}
                  </pre>
                </section>
              )}
              {e.stack && (
                <section>
                  <h3 className="mb-1 text-xs font-semibold text-muted-foreground">Stack trace</h3>
                  <pre className="max-h-64 overflow-auto rounded bg-muted p-2 text-xs" data-testid="log-detail-stack">
                    {e.stack}
                  </pre>
                </section>
              )}
            </div>
          )}
        </TabsContent>
        <TabsContent value="context" className="min-h-0 overflow-auto">
          <MiniList
            loading={context.isPending}
            error={context.error?.message}
            entries={context.data?.entries}
            anchorId={id}
            onSelect={onSelect}
            empty="No neighbouring entries."
            testId="log-context"
          />
        </TabsContent>
        <TabsContent value="correlation" className="min-h-0 overflow-auto">
          {correlated.data && (
            <p className="mb-2 truncate text-xs text-muted-foreground">
              {correlated.data.entries.length}
              {correlated.data.truncated ? "+" : ""} entries with id <code>{correlated.data.correlationId}</code>
            </p>
          )}
          <MiniList
            loading={correlated.isPending}
            error={correlated.error?.message}
            entries={correlated.data?.entries}
            anchorId={id}
            onSelect={onSelect}
            empty="No other entries share this correlation id."
            testId="log-correlated"
          />
        </TabsContent>
      </Tabs>
    </aside>
  );
}

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 font-mono break-all">{value ?? "—"}</dd>
    </>
  );
}

function MiniList(props: {
  loading: boolean;
  error?: string;
  entries?: LogListEntry[];
  anchorId: number;
  onSelect: (id: number) => void;
  empty: string;
  testId: string;
}) {
  if (props.loading) return <Skeleton className="h-32 w-full" />;
  if (props.error) return <p className="text-sm text-destructive">{props.error}</p>;
  if (!props.entries?.length) return <p className="text-sm text-muted-foreground">{props.empty}</p>;
  return (
    <ul className="flex flex-col font-mono text-xs" data-testid={props.testId}>
      {props.entries.map((e) => (
        <li key={e.id}>
          <button
            type="button"
            onClick={() => props.onSelect(e.id)}
            aria-current={e.id === props.anchorId ? "true" : undefined}
            className={cn(
              "flex w-full items-center gap-2 rounded px-1.5 py-1 text-left hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none",
              e.id === props.anchorId && "bg-accent font-semibold",
            )}
          >
            <span className="shrink-0 text-muted-foreground tabular-nums">{formatLogTime(e.time)}</span>
            <span className={cn("shrink-0 rounded px-1 text-[10px]", levelBadgeClass[e.level])}>{e.level}</span>
            <span className="min-w-0 flex-1 truncate">{e.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
