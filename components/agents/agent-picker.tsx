"use client";

import { useQuery } from "@tanstack/react-query";
import { HeaderSelect } from "@/components/common/header-select";
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
      <HeaderSelect
        id="agent-picker"
        label="Agent"
        value={value ?? ""}
        disabled={disabled || agents.isPending}
        onValueChange={(id) => onChange(id || null)}
        title="The agent that answers in this chat"
        className="max-w-[8rem]"
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
      </HeaderSelect>
    </div>
  );
}
