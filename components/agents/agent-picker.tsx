"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";

/** The chat header's agent choice: the active agents the user may chat with, or none. */
export function AgentPicker({
  value,
  onChange,
  disabled,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.active.queryOptions(undefined, { staleTime: 30_000 }));
  const list = agents.data ?? [];
  const known = value === null || list.some((a) => a.id === value);
  return (
    <div className="flex min-w-0 items-center">
      <label htmlFor="agent-picker" className="sr-only">
        Agent
      </label>
      <select
        id="agent-picker"
        data-testid="agent-picker"
        value={value ?? ""}
        disabled={disabled || agents.isPending}
        onChange={(e) => onChange(e.target.value || null)}
        title="The agent that answers in this chat"
        className="h-9 max-w-[8rem] min-w-0 truncate rounded-md border bg-background px-2 text-sm"
      >
        <option value="">No agent</option>
        {/* A paused or disabled agent stays visible as the current choice, so nothing changes silently. */}
        {!known && value && <option value={value}>Unavailable agent</option>}
        {list.map((a) => (
          <option key={a.id} value={a.id}>
            {a.avatar.kind === "emoji" ? `${a.avatar.value} ` : ""}
            {a.name}
          </option>
        ))}
      </select>
    </div>
  );
}
