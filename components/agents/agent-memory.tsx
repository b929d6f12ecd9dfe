"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Brain, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { SearchBox } from "@/components/common/search-box";
import { Button } from "@/components/ui/button";
import { QueryState } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";

/** The viewer's long-term memories of this agent: search, add, edit, delete. */
export function AgentMemory({ agentId, memoryMode }: { agentId: string; memoryMode: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<{ id: number | null; text: string } | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const list = useQuery(trpc.agents.memory.list.queryOptions({ agentId, query }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.agents.memory.list.pathKey() });
  const onError = (err: { message: string }) => toast.error(err.message);
  const add = useMutation(
    trpc.agents.memory.add.mutationOptions({
      onSuccess: () => {
        setEditing(null);
        toast.success("Memory saved.");
        void refresh();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.agents.memory.update.mutationOptions({
      onSuccess: () => {
        setEditing(null);
        toast.success("Memory updated.");
        void refresh();
      },
      onError,
    }),
  );
  const del = useMutation(
    trpc.agents.memory.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Memory deleted.");
        void refresh();
      },
      onError,
    }),
  );

  const save = () => {
    if (!editing) return;
    if (editing.id === null) add.mutate({ agentId, content: editing.text });
    else update.mutate({ agentId, id: editing.id, content: editing.text });
  };

  return (
    <div className="flex flex-col gap-3" data-testid="agent-memory">
      {memoryMode !== "long_term" && (
        <p className="rounded-md bg-muted p-2 text-xs text-muted-foreground">
          This agent does not use long-term memory now (see Config → Memory); memories kept here are used once it does.
        </p>
      )}
      <div className="flex gap-2">
        <SearchBox
          query={query}
          onQuery={setQuery}
          placeholder="Search memories"
          label="Search memories"
          testId="agent-memory-search"
          clearOnEscape
        />
        <Button variant="outline" onClick={() => setEditing({ id: null, text: "" })}>
          Add
        </Button>
      </div>
      {editing && (
        <div className="flex flex-col gap-2 rounded-md border p-2">
          <Textarea
            value={editing.text}
            onChange={(e) => setEditing({ ...editing, text: e.target.value })}
            rows={3}
            maxLength={4000}
            aria-label="Memory text"
            autoFocus
          />
          <div className="flex justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button size="sm" onClick={save} disabled={add.isPending || update.isPending}>
              Save
            </Button>
          </div>
        </div>
      )}
      <QueryState
        query={list}
        errorTitle="The memories could not be loaded"
        loading={<Skeleton className="h-24 w-full" />}
        isEmpty={list.data?.length === 0}
        empty={
          <EmptyState
            icon={Brain}
            title={query ? "No memory matches" : "No memories yet"}
            description={
              query
                ? "Try other words."
                : "The agent saves facts here with its memory_save tool when it has long-term memory; you can add your own too."
            }
          />
        }
      >
        <ul className="flex flex-col divide-y rounded-md border">
          {(list.data ?? []).map((m) => (
            <li key={m.id} className="flex items-start gap-2 p-2 text-sm">
              <p className="min-w-0 flex-1 break-words whitespace-pre-wrap">{m.content}</p>
              <span className="shrink-0 text-xs text-muted-foreground">{m.updatedAt.toLocaleDateString()}</span>
              <Button
                variant="ghost"
                size="sm"
                aria-label="Edit memory"
                onClick={() => setEditing({ id: m.id, text: m.content })}
              >
                <Pencil />
              </Button>
              <Button variant="ghost" size="sm" aria-label="Delete memory" onClick={() => setDeleting(m.id)}>
                <Trash2 />
              </Button>
            </li>
          ))}
        </ul>
      </QueryState>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this memory?"
        description="The agent will no longer recall it. This cannot be undone."
        confirmLabel="Delete"
        destructive
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting !== null) del.mutate({ agentId, id: deleting });
          setDeleting(null);
        }}
      />
    </div>
  );
}
