"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Bot, Plus, SearchX } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { SearchBox } from "@/components/common/search-box";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { QueryState } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import { useAgentActions } from "@/components/agents/agent-actions";
import { AgentCounters } from "@/components/agents/agent-counters";
import { AgentDetail } from "@/components/agents/agent-detail";
import { draftToInput, EMPTY_DRAFT } from "@/components/agents/agent-draft";
import { AgentForm } from "@/components/agents/agent-form";
import type { AgentStatus } from "@/components/agents/agent-format";
import { AgentTable } from "@/components/agents/agent-table";
import { fuzzyRank } from "@/components/agents/fuzzy";
import { isTyping } from "@/hooks/use-hotkey";
import { useUrlParam } from "@/hooks/use-url-param";

/** The Agents page: counters, fuzzy search, the registry table and the selected agent. Keys: F, N, Esc. */
export function AgentsView({
  initialAgentId,
  initialNew,
  isAdmin,
}: {
  initialAgentId: string | null;
  initialNew: boolean;
  isAdmin: boolean;
}) {
  const trpc = useTRPC();
  const list = useQuery(trpc.agents.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [selected, select] = useUrlParam("agent", initialAgentId);
  const [creating, setCreating] = useState(initialNew);
  const [createError, setCreateError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const searchRef = useRef<HTMLInputElement | null>(null);
  const actions = useAgentActions();

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const create = useMutation(
    trpc.agents.create.mutationOptions({
      onSuccess: (a) => {
        toast.success(`Created "${a.name}".`);
        setCreating(false);
        setCreateError(null);
        void actions.refresh();
        select(a.id);
      },
      onError: (err) => setCreateError(err.message),
    }),
  );

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        isTyping(e.target) ||
        document.querySelector("[role=dialog],[role=alertdialog]")
      )
        return;
      if (e.key === "f" || e.key === "F") {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === "n" || e.key === "N") {
        e.preventDefault();
        setCreateError(null);
        setCreating(true);
      } else if (e.key === "Escape" && selected) {
        select(null);
      }
    }
    // Capture phase: a dialog's own Esc handler removes it before a bubbling listener would
    // run, and that same Esc must not also close the detail panel behind it.
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [selected, select]);

  const agents = useMemo(() => list.data ?? [], [list.data]);
  const rows = useMemo(() => {
    const byStatus = status ? agents.filter((a) => a.status === status) : agents;
    if (!query.trim()) return byStatus;
    return byStatus
      .map((a) => ({
        a,
        score: fuzzyRank(query, [
          { text: a.name, weight: 2 },
          { text: a.role, weight: 1 },
          { text: a.description, weight: 0.5 },
        ]),
      }))
      .filter((x) => x.score !== null)
      .sort((x, y) => y.score! - x.score!)
      .map((x) => x.a);
  }, [agents, status, query]);
  const current = agents.find((a) => a.id === selected) ?? null;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <AgentCounters
          agents={agents}
          selected={status}
          onToggle={(s) => setStatus((prev) => (prev === s ? null : s))}
        />
        <Button
          onClick={() => {
            setCreateError(null);
            setCreating(true);
          }}
          data-testid="agents-new"
          title="New agent (N)"
        >
          <Plus /> New agent
        </Button>
      </div>
      <div className="flex">
        <SearchBox
          query={query}
          onQuery={setQuery}
          placeholder="Search by name, role or description (F)"
          label="Search agents"
          testId="agents-search"
          inputRef={searchRef}
          clearOnEscape
        />
      </div>
      <div className={cn("grid min-h-0 flex-1 gap-3", current && "lg:grid-cols-[minmax(0,1fr)_minmax(22rem,34rem)]")}>
        <div className={cn("flex min-h-0 flex-col gap-2", current && "hidden lg:flex")}>
          <QueryState
            query={list}
            errorTitle="The agents could not be loaded"
            errorIcon={SearchX}
            isEmpty={rows.length === 0}
            empty={
              agents.length > 0 ? (
                <EmptyState
                  icon={SearchX}
                  title="No agent matches"
                  description="Change the search or the status filter."
                  action={
                    <Button
                      variant="outline"
                      onClick={() => {
                        setQuery("");
                        setStatus(null);
                      }}
                    >
                      Show all
                    </Button>
                  }
                  data-testid="agents-empty"
                />
              ) : (
                <EmptyState
                  icon={Bot}
                  title="No agents yet"
                  description="An agent is a named set of instructions, a model and the tools it may use. Create one, then chat with it."
                  action={<Button onClick={() => setCreating(true)}>New agent</Button>}
                  data-testid="agents-empty"
                />
              )
            }
          >
            <AgentTable
              rows={rows}
              selectedId={selected}
              onSelect={select}
              now={now}
              onOpenChat={(a) => a.status === "active" && actions.openChat.mutate({ id: a.id })}
            />
          </QueryState>
        </div>
        {current ? (
          <aside className="min-h-0 overflow-y-auto rounded-lg border" aria-label="Agent details">
            <AgentDetail
              key={current.id}
              agent={current}
              isAdmin={isAdmin}
              now={now}
              onClose={() => select(null)}
              onSelect={select}
            />
          </aside>
        ) : (
          rows.length > 0 && (
            <p className="text-xs text-muted-foreground">
              Click an agent for its configuration, performance, memory and logs; double-click to chat with it. Keys: F
              search, N new agent, arrows move, Esc closes.
            </p>
          )
        )}
      </div>
      <Dialog open={creating} onOpenChange={setCreating}>
        <DialogContent className="sm:max-w-2xl" data-testid="agent-create-dialog">
          <DialogHeader>
            <DialogTitle>New agent</DialogTitle>
            <DialogDescription>
              Give it a name, a role and a system prompt; choose its model and tools. Validate runs a quick dry run
              before you save.
            </DialogDescription>
          </DialogHeader>
          <AgentForm
            initial={EMPTY_DRAFT}
            submitLabel="Create agent"
            saving={create.isPending}
            error={createError}
            onSubmit={(d) => create.mutate(draftToInput(d))}
            onCancel={() => setCreating(false)}
          />
        </DialogContent>
      </Dialog>
    </div>
  );
}
