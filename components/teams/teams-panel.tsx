"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, Users } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { QueryState } from "@/components/common/query-state";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/react";
import type { TeamView } from "@/server/teams/teams";
import { draftToTeamInput, EMPTY_TEAM, type TeamDraft, TeamForm } from "@/components/teams/team-form";

const toDraft = (t: TeamView): TeamDraft => ({
  name: t.name,
  description: t.description,
  members: t.members.map((m) => ({ agentId: m.agentId, role: m.role })),
  maxRounds: String(t.maxRounds),
  stopPhrase: t.stopPhrase ?? "",
  stopRegex: t.stopRegex ?? "",
  timeoutSeconds: String(t.timeoutSeconds),
});

function TeamCard({ team, onEdit, onDelete }: { team: TeamView; onEdit: () => void; onDelete: () => void }) {
  return (
    <li className="flex flex-col gap-2 rounded-lg border bg-card p-4" data-testid="team-card">
      <div className="flex flex-wrap items-center gap-2">
        <Users className="size-4 text-muted-foreground" aria-hidden />
        <h3 className="font-medium">{team.name}</h3>
        {team.builtin && <Badge variant="secondary">built-in</Badge>}
        {team.editable && (
          <div className="ml-auto flex gap-1">
            <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${team.name}`}>
              <Pencil className="size-4" /> Edit
            </Button>
            {!team.builtin && (
              <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${team.name}`}>
                <Trash2 className="size-4" /> Delete
              </Button>
            )}
          </div>
        )}
      </div>
      {team.description && <p className="text-sm text-muted-foreground">{team.description}</p>}
      <ol className="flex flex-wrap gap-2 text-sm">
        {team.members.map((m, i) => (
          <li key={m.agentId} className="flex items-center gap-1.5 rounded-md border px-2 py-1">
            <span className="text-muted-foreground">{i + 1}.</span>
            {m.avatar?.kind === "emoji" && <span aria-hidden>{m.avatar.value}</span>}
            <span className={m.status === "active" ? "" : "text-muted-foreground line-through"}>
              {m.name ?? "Missing agent"}
            </span>
            <Badge variant={m.role === "planner" ? "default" : "outline"}>{m.role}</Badge>
          </li>
        ))}
      </ol>
      <p className="text-xs text-muted-foreground">
        Up to {team.maxRounds} round{team.maxRounds === 1 ? "" : "s"} · timeout {team.timeoutSeconds} s
        {team.stopPhrase ? ` · stops at "${team.stopPhrase}"` : ""}
        {team.stopRegex ? ` · stops at /${team.stopRegex}/` : ""}
      </p>
    </li>
  );
}

/** The Agents page's Teams tab: the teams a person may use, and their own to create, edit and delete. */
export function TeamsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [editing, setEditing] = useState<{ team: TeamView | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.teams.list.queryKey() });
  const done = (verb: string) => (t: TeamView) => {
    toast.success(`${verb} "${t.name}".`);
    setEditing(null);
    void refresh();
  };
  const create = useMutation(
    trpc.teams.create.mutationOptions({ onSuccess: done("Created"), onError: (e) => setError(e.message) }),
  );
  const update = useMutation(
    trpc.teams.update.mutationOptions({ onSuccess: done("Saved"), onError: (e) => setError(e.message) }),
  );
  const remove = useMutation(
    trpc.teams.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Team deleted.");
        void refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const open = (team: TeamView | null) => {
    setError(null);
    setEditing({ team });
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          A team works a goal together: the planner writes the steps, executors carry them out with their tools, the
          planner checks. Pick a team in a chat&apos;s header.
        </p>
        <Button onClick={() => open(null)} data-testid="teams-new">
          <Plus /> New team
        </Button>
      </div>
      <QueryState
        query={teams}
        errorTitle="The teams could not be loaded"
        errorIcon={Users}
        loading={<Skeleton className="h-32 w-full" />}
        isEmpty={teams.data?.length === 0}
        empty={
          <EmptyState
            icon={Users}
            title="No teams yet"
            description="Create a team of a planner and one or more executors."
            action={<Button onClick={() => open(null)}>New team</Button>}
          />
        }
      >
        <ul className="grid gap-3 lg:grid-cols-2" data-testid="teams-list">
          {(teams.data ?? []).map((t) => (
            <TeamCard
              key={t.id}
              team={t}
              onEdit={() => open(t)}
              onDelete={() => window.confirm(`Delete the team "${t.name}"?`) && remove.mutate({ id: t.id })}
            />
          ))}
        </ul>
      </QueryState>
      <Dialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)}>
        <DialogContent className="sm:max-w-2xl" data-testid="team-dialog">
          <DialogHeader>
            <DialogTitle>{editing?.team ? `Edit ${editing.team.name}` : "New team"}</DialogTitle>
            <DialogDescription>
              Members speak in order: one planner, then the executors that carry out its steps in turn.
            </DialogDescription>
          </DialogHeader>
          {editing && (
            <TeamForm
              initial={editing.team ? toDraft(editing.team) : EMPTY_TEAM}
              submitLabel={editing.team ? "Save team" : "Create team"}
              saving={create.isPending || update.isPending}
              error={error}
              onSubmit={(d) =>
                editing.team
                  ? update.mutate({ id: editing.team.id, data: draftToTeamInput(d) })
                  : create.mutate(draftToTeamInput(d))
              }
              onCancel={() => setEditing(null)}
            />
          )}
        </DialogContent>
      </Dialog>
    </div>
  );
}
