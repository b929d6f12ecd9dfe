"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plug, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { fromMcpServer } from "@/components/settings/mcp-form-values";
import { McpServerForm } from "@/components/settings/mcp-server-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/react";

const STATUS: Record<string, { label: string; variant: "success" | "warning" | "destructive" | "secondary" }> = {
  connected: { label: "Connected", variant: "success" },
  connecting: { label: "Connecting", variant: "warning" },
  reconnecting: { label: "Reconnecting", variant: "warning" },
  failed: { label: "Failed", variant: "destructive" },
  disabled: { label: "Disabled", variant: "secondary" },
};

/** MCP servers with live health (polled), add / edit / test / remove. */
export function McpServers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, error } = useQuery({ ...trpc.mcp.list.queryOptions(), refetchInterval: 5000 });
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const remove = useMutation(
    trpc.mcp.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Removed ${deleting?.name ?? "the server"}`);
        setDeleting(null);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.mcp.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.tools.list.queryKey() }),
        ]);
      },
      onError: (err) => toast.error("The server was not removed", { description: err.message }),
    }),
  );

  return (
    <Card data-testid="mcp-servers">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1.5">
          <h2 className="leading-none font-semibold">MCP servers</h2>
          <CardDescription>
            Their tools join the registry as mcp__server__tool, count as internet tools (Settings → Tools), and ask for
            approval before each call. Lost connections reconnect by themselves.
          </CardDescription>
        </div>
        {editing !== "new" && (
          <Button type="button" size="sm" variant="outline" data-testid="mcp-add" onClick={() => setEditing("new")}>
            <Plus /> Add server
          </Button>
        )}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {editing === "new" && (
          <div className="rounded-md border p-3">
            <McpServerForm onDone={() => setEditing(null)} />
          </div>
        )}
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            The MCP servers could not be loaded: {error.message}
          </p>
        ) : !data ? (
          <Skeleton className="h-20 w-full" />
        ) : data.length === 0 ? (
          editing !== "new" && (
            <EmptyState
              icon={Plug}
              title="No MCP servers yet"
              description="Add a server by URL (streamable HTTP) or by command (stdio) to give agents its tools."
              action={
                <Button type="button" size="sm" onClick={() => setEditing("new")}>
                  <Plus /> Add server
                </Button>
              }
            />
          )
        ) : (
          <ul className="flex flex-col divide-y">
            {data.map((s) => {
              const status = STATUS[s.enabled ? (s.health?.status ?? "connecting") : "disabled"]!;
              return (
                <li key={s.id} data-testid={`mcp-row-${s.name}`} className="flex flex-col gap-2 py-3">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div className="flex min-w-0 flex-col gap-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{s.name}</span>
                        <Badge variant={status.variant} data-testid={`mcp-status-${s.name}`}>
                          {status.label}
                        </Badge>
                        {s.health?.status === "connected" && (
                          <span className="text-xs text-muted-foreground">{s.health.toolCount} tools</span>
                        )}
                      </div>
                      <span className="font-mono text-xs break-all text-muted-foreground">
                        {s.transport === "http" ? s.url : [s.command, ...s.args].join(" ")}
                      </span>
                      {s.enabled && s.health?.lastError && s.health.status !== "connected" && (
                        <span className="text-xs text-destructive" data-testid={`mcp-error-${s.name}`}>
                          {s.health.lastError}
                          {s.health.attempts > 0 ? ` (attempt ${s.health.attempts}; retrying)` : ""}
                        </span>
                      )}
                    </div>
                    <div className="flex gap-1">
                      <Button
                        type="button"
                        size="sm"
                        variant="ghost"
                        aria-label={`Edit ${s.name}`}
                        onClick={() => setEditing(s.id)}
                      >
                        <Pencil />
                      </Button>
                      <Button
                        type="button"
                        size="sm"
                        variant="ghost"
                        aria-label={`Remove ${s.name}`}
                        data-testid={`mcp-delete-${s.name}`}
                        onClick={() => setDeleting({ id: s.id, name: s.name })}
                      >
                        <Trash2 />
                      </Button>
                    </div>
                  </div>
                  {editing === s.id && (
                    <div className="rounded-md border p-3">
                      <McpServerForm id={s.id} initial={fromMcpServer(s)} onDone={() => setEditing(null)} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={deleting !== null}
        title={`Remove ${deleting?.name ?? ""}?`}
        description="It is disconnected and its tools leave every agent. Agents that list them keep the entries but cannot call them."
        confirmLabel="Remove"
        destructive
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
      />
    </Card>
  );
}
