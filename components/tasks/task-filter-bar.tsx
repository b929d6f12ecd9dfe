"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { SearchBox } from "@/components/common/search-box";
import { useCallback } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { TASK_KINDS, type TaskKind } from "@/lib/tasks/constants";
import { kindLabel } from "@/components/tasks/task-format";
import {
  type DateRange,
  DEFAULT_TASK_FILTERS,
  isFiltered,
  RANGE_LABELS,
  type TaskViewFilters,
} from "@/components/tasks/view-filters";

export function TaskFilterBar({
  value,
  onChange,
}: {
  value: TaskViewFilters;
  onChange: (next: TaskViewFilters) => void;
}) {
  const trpc = useTRPC();
  const agents = useQuery(trpc.tasks.agents.queryOptions(undefined, { staleTime: 30_000 }));
  const commitQuery = useCallback((q: string) => onChange({ ...value, q }), [onChange, value]);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="tasks-filters">
      <SearchBox
        query={value.q}
        onQuery={commitQuery}
        placeholder="Search title, id, function or error"
        label="Search tasks"
        testId="tasks-search"
      />
      <Select value={value.kind} onValueChange={(kind) => onChange({ ...value, kind: kind as TaskKind | "all" })}>
        <SelectTrigger className="w-36" aria-label="Kind" data-testid="tasks-kind">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="all">All kinds</SelectItem>
          {TASK_KINDS.map((k) => (
            <SelectItem key={k} value={k} data-testid={`tasks-kind-${k}`}>
              {kindLabel[k]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {(agents.data?.length ?? 0) > 0 && (
        <Select value={value.agentId} onValueChange={(agentId) => onChange({ ...value, agentId })}>
          <SelectTrigger className="w-44" aria-label="Agent" data-testid="tasks-agent">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All agents</SelectItem>
            {agents.data!.map((a) => (
              <SelectItem key={a.id} value={a.id}>
                {a.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
      <Select value={value.range} onValueChange={(range) => onChange({ ...value, range: range as DateRange })}>
        <SelectTrigger className="w-40" aria-label="Created" data-testid="tasks-range">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {(Object.keys(RANGE_LABELS) as DateRange[]).map((r) => (
            <SelectItem key={r} value={r}>
              {RANGE_LABELS[r]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {isFiltered(value) && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => onChange(DEFAULT_TASK_FILTERS)}
          data-testid="tasks-clear-filters"
        >
          <X />
          Clear filters
        </Button>
      )}
    </div>
  );
}
