"use client";

import { useQuery } from "@tanstack/react-query";
import { HeaderSelect } from "@/components/common/header-select";
import { useTRPC } from "@/lib/trpc/react";

/** The chat header's team choice: a team answers each message as a goal, or none. */
export function TeamPicker({
  value,
  onChange,
  disabled,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions(undefined, { staleTime: 30_000 }));
  const list = teams.data ?? [];
  return (
    <div className="flex min-w-0 items-center">
      <HeaderSelect
        id="team-picker"
        label="Team"
        value={value ?? ""}
        disabled={disabled || teams.isPending}
        onValueChange={(id) => onChange(id || null)}
        title="A team of agents that works on each message as a goal"
        className="max-w-[8rem]"
      >
        <option value="">No team</option>
        {value && !list.some((t) => t.id === value) && <option value={value}>Unavailable team</option>}
        {list.map((t) => (
          <option key={t.id} value={t.id}>
            👥 {t.name}
          </option>
        ))}
      </HeaderSelect>
    </div>
  );
}
