"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";
import type { MemberRole, TeamInput } from "@/server/teams/team-input";

export interface TeamDraft {
  name: string;
  description: string;
  members: { agentId: string; role: MemberRole }[];
  maxRounds: string;
  stopPhrase: string;
  stopRegex: string;
  timeoutSeconds: string;
}

export const EMPTY_TEAM: TeamDraft = {
  name: "",
  description: "",
  members: [],
  maxRounds: "3",
  stopPhrase: "",
  stopRegex: "",
  timeoutSeconds: "600",
};

export function draftToTeamInput(d: TeamDraft): TeamInput {
  return {
    name: d.name,
    description: d.description,
    members: d.members,
    maxRounds: Number(d.maxRounds),
    stopPhrase: d.stopPhrase || null,
    stopRegex: d.stopRegex || null,
    timeoutSeconds: Number(d.timeoutSeconds),
  };
}

const selectClass = "h-9 min-w-0 rounded-md border bg-background px-2 text-sm";

// The members' identities for React (an agent may be chosen twice while editing); kept beside
// `members` so the draft itself stays a TeamInput shape.
let lastMemberKey = 0;
const newMemberKey = () => ++lastMemberKey;

function moved<T>(list: T[], i: number, by: number): T[] {
  const next = [...list];
  const [item] = next.splice(i, 1);
  next.splice(i + by, 0, item!);
  return next;
}

/** Create / edit a team: its members in speaking order (one planner, one or more executors) and its stop rules. */
export function TeamForm({
  initial,
  submitLabel,
  saving,
  error,
  onSubmit,
  onCancel,
}: {
  initial: TeamDraft;
  submitLabel: string;
  saving: boolean;
  error: string | null;
  onSubmit: (d: TeamDraft) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.active.queryOptions(undefined, { staleTime: 30_000 }));
  const [d, setD] = useState(initial);
  const [memberKeys, setMemberKeys] = useState(() => initial.members.map(() => newMemberKey()));
  const set = <K extends keyof TeamDraft>(key: K, value: TeamDraft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const setMember = (i: number, patch: Partial<TeamDraft["members"][number]>) =>
    set(
      "members",
      d.members.map((m, j) => (j === i ? { ...m, ...patch } : m)),
    );
  const move = (i: number, by: number) => {
    set("members", moved(d.members, i, by));
    setMemberKeys((keys) => moved(keys, i, by));
  };
  const remove = (i: number) => {
    set(
      "members",
      d.members.filter((_, j) => j !== i),
    );
    setMemberKeys((keys) => keys.filter((_, j) => j !== i));
  };
  const add = (member: TeamDraft["members"][number]) => {
    const key = newMemberKey();
    set("members", [...d.members, member]);
    setMemberKeys((keys) => [...keys, key]);
  };
  const list = agents.data ?? [];
  const firstFree = list.find((a) => !d.members.some((m) => m.agentId === a.id));

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(d);
      }}
      data-testid="team-form"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="team-name">Name</Label>
          <Input id="team-name" value={d.name} onChange={(e) => set("name", e.target.value)} maxLength={60} required />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="team-description">Description</Label>
          <Textarea
            id="team-description"
            value={d.description}
            onChange={(e) => set("description", e.target.value)}
            rows={1}
            maxLength={500}
          />
        </div>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Members, in speaking order</legend>
        {d.members.length === 0 && (
          <p className="text-sm text-muted-foreground">Add a planner and at least one executor.</p>
        )}
        {d.members.map((m, i) => (
          <div key={memberKeys[i]} className="flex flex-wrap items-center gap-2" data-testid="team-member">
            <span className="w-5 text-right text-xs text-muted-foreground">{i + 1}.</span>
            <select
              aria-label={`Member ${i + 1} agent`}
              className={`${selectClass} flex-1`}
              value={m.agentId}
              onChange={(e) => setMember(i, { agentId: e.target.value })}
            >
              {!list.some((a) => a.id === m.agentId) && <option value={m.agentId}>Unavailable agent</option>}
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <select
              aria-label={`Member ${i + 1} role`}
              className={selectClass}
              value={m.role}
              onChange={(e) => setMember(i, { role: e.target.value as MemberRole })}
            >
              <option value="planner">Planner</option>
              <option value="executor">Executor</option>
            </select>
            <Button
              type="button"
              size="icon"
              variant="ghost"
              aria-label="Move up"
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              <ArrowUp className="size-4" />
            </Button>
            <Button
              type="button"
              size="icon"
              variant="ghost"
              aria-label="Move down"
              disabled={i === d.members.length - 1}
              onClick={() => move(i, 1)}
            >
              <ArrowDown className="size-4" />
            </Button>
            <Button type="button" size="icon" variant="ghost" aria-label="Remove member" onClick={() => remove(i)}>
              <Trash2 className="size-4" />
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={!firstFree || d.members.length >= 8}
          onClick={() =>
            firstFree &&
            add({ agentId: firstFree.id, role: d.members.some((m) => m.role === "planner") ? "executor" : "planner" })
          }
          data-testid="team-add-member"
        >
          <Plus className="size-4" /> Add member
        </Button>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-4">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="team-rounds">Max rounds</Label>
          <Input
            id="team-rounds"
            type="number"
            min={1}
            max={10}
            value={d.maxRounds}
            onChange={(e) => set("maxRounds", e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="team-timeout">Timeout (s)</Label>
          <Input
            id="team-timeout"
            type="number"
            min={10}
            max={86400}
            value={d.timeoutSeconds}
            onChange={(e) => set("timeoutSeconds", e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="team-phrase">Stop phrase</Label>
          <Input
            id="team-phrase"
            placeholder="TERMINATE"
            value={d.stopPhrase}
            onChange={(e) => set("stopPhrase", e.target.value)}
            maxLength={200}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="team-regex">Stop pattern (regex)</Label>
          <Input
            id="team-regex"
            placeholder="^FINAL ANSWER"
            value={d.stopRegex}
            onChange={(e) => set("stopRegex", e.target.value)}
            maxLength={200}
          />
        </div>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive" data-testid="team-form-error">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving} data-testid="team-save">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
