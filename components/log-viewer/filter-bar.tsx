"use client";

import { useQuery } from "@tanstack/react-query";
import { Filter, X } from "lucide-react";
import { SearchBox } from "@/components/common/search-box";
import { type RefObject, useCallback } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { LOG_LEVELS, type LogLevel } from "@/lib/log-levels";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import { levelBadgeClass } from "@/components/log-viewer/level-style";
import { RANGE_LABELS, type RangePreset, type ViewerFilters } from "@/components/log-viewer/viewer-filters";

export function FilterBar({
  value,
  onChange,
  searchRef,
  hideSubsystems,
}: {
  value: ViewerFilters;
  onChange: (next: ViewerFilters) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  hideSubsystems?: boolean;
}) {
  const trpc = useTRPC();
  const subsystems = useQuery({ ...trpc.logs.subsystems.queryOptions(), enabled: !hideSubsystems });
  const commitQuery = useCallback((q: string) => onChange({ ...value, q }), [onChange, value]);

  const toggleLevel = (level: LogLevel) =>
    onChange({
      ...value,
      levels: value.levels.includes(level) ? value.levels.filter((l) => l !== level) : [...value.levels, level],
    });

  const toggleSubsystem = (s: string, on: boolean) =>
    onChange({ ...value, subsystems: on ? [...value.subsystems, s] : value.subsystems.filter((x) => x !== s) });

  return (
    <div className="flex flex-col gap-2" data-testid="log-filter-bar">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox
          query={value.q}
          onQuery={commitQuery}
          placeholder="Search messages and data  ( / )"
          label="Search logs"
          testId="log-search"
          inputRef={searchRef}
          clearOnEscape
        />
        <Select value={value.range} onValueChange={(range) => onChange({ ...value, range: range as RangePreset })}>
          <SelectTrigger className="w-36" aria-label="Time range" data-testid="log-range">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {(Object.keys(RANGE_LABELS) as RangePreset[]).map((r) => (
              <SelectItem key={r} value={r} data-testid={`log-range-${r}`}>
                {RANGE_LABELS[r]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {!hideSubsystems && (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="outline" data-testid="log-subsystems">
                <Filter />
                Subsystems{value.subsystems.length ? ` (${value.subsystems.length})` : ""}
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end" className="w-56">
              <DropdownMenuLabel>Subsystems</DropdownMenuLabel>
              <DropdownMenuSeparator />
              {(subsystems.data ?? []).length === 0 && (
                <p className="px-2 py-1.5 text-sm text-muted-foreground">No subsystems have logged yet.</p>
              )}
              {(subsystems.data ?? []).map((s) => (
                <DropdownMenuCheckboxItem
                  key={s}
                  checked={value.subsystems.includes(s)}
                  onCheckedChange={(on) => toggleSubsystem(s, on === true)}
                  onSelect={(e) => e.preventDefault()}
                  data-testid={`log-subsystem-${s}`}
                >
                  {s}
                </DropdownMenuCheckboxItem>
              ))}
              {value.subsystems.length > 0 && (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuCheckboxItem
                    checked={false}
                    onCheckedChange={() => onChange({ ...value, subsystems: [] })}
                  >
                    Show all subsystems
                  </DropdownMenuCheckboxItem>
                </>
              )}
            </DropdownMenuContent>
          </DropdownMenu>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="mr-1 text-xs text-muted-foreground">Levels</span>
        {LOG_LEVELS.map((level) => {
          const on = value.levels.includes(level);
          return (
            <button
              key={level}
              type="button"
              aria-pressed={on}
              onClick={() => toggleLevel(level)}
              data-testid={`log-level-${level}`}
              className={cn(
                "rounded-md border px-2 py-0.5 text-xs font-medium transition-opacity outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                levelBadgeClass[level],
                on
                  ? "border-foreground/40"
                  : value.levels.length
                    ? "border-transparent opacity-45"
                    : "border-transparent",
              )}
            >
              {level}
            </button>
          );
        })}
        {value.range === "custom" && (
          <div className="flex flex-wrap items-center gap-1.5 sm:ml-2">
            <Input
              type="datetime-local"
              aria-label="From"
              className="h-8 w-auto"
              value={value.customFrom}
              onChange={(e) => onChange({ ...value, customFrom: e.target.value })}
              data-testid="log-range-from"
            />
            <span className="text-xs text-muted-foreground">to</span>
            <Input
              type="datetime-local"
              aria-label="To"
              className="h-8 w-auto"
              value={value.customTo}
              onChange={(e) => onChange({ ...value, customTo: e.target.value })}
              data-testid="log-range-to"
            />
          </div>
        )}
        {(value.levels.length > 0 || value.subsystems.length > 0 || value.q || value.range !== "all") && (
          <Button
            variant="ghost"
            size="sm"
            className="ml-auto"
            onClick={() => onChange({ levels: [], subsystems: [], range: "all", customFrom: "", customTo: "", q: "" })}
            data-testid="log-clear-filters"
          >
            <X />
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
