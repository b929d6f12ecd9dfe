"use client";

import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { formatDuration } from "@/lib/format";
import { describeTrigger } from "@/lib/automation/describe";
import { BUILTIN_LABELS } from "@/lib/automation/job-schema";
import { countdown, type JobRow, LAST_STATUS_STYLE } from "@/components/automation/format";
import { useNow } from "@/components/automation/use-now";

function typeLabel(job: JobRow): string {
  if (job.type === "builtin" && job.builtinKey) return `Built-in: ${BUILTIN_LABELS[job.builtinKey]}`;
  return job.type === "agent" ? "Agent" : "Workflow";
}

/** The jobs: trigger in words, next run with a live countdown, last result and its duration, enabled toggle. */
export function JobTable({
  jobs,
  selectedId,
  onSelect,
  onToggle,
  canEdit,
}: {
  jobs: JobRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onToggle: (job: JobRow, enabled: boolean) => void;
  canEdit: (job: JobRow) => boolean;
}) {
  const now = useNow();
  return (
    <Table data-testid="job-table">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden md:table-cell">Type</TableHead>
          <TableHead className="hidden sm:table-cell">Trigger</TableHead>
          <TableHead>Next run</TableHead>
          <TableHead className="hidden sm:table-cell">Last run</TableHead>
          <TableHead className="w-16 text-right">On</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {jobs.map((job) => {
          const last = job.lastStatus
            ? (LAST_STATUS_STYLE[job.lastStatus] ?? { label: job.lastStatus, className: "" })
            : null;
          return (
            <TableRow
              key={job.id}
              data-testid="job-row"
              data-job-name={job.name}
              data-state={selectedId === job.id ? "selected" : undefined}
              className="cursor-pointer"
              onClick={() => onSelect(job.id)}
            >
              <TableCell className="max-w-56">
                <button
                  type="button"
                  className="truncate text-left font-medium hover:underline focus-visible:underline focus-visible:outline-none"
                  onClick={() => onSelect(job.id)}
                >
                  {job.name}
                </button>
                <div className="truncate text-xs text-muted-foreground sm:hidden">{describeTrigger(job.trigger)}</div>
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{typeLabel(job)}</TableCell>
              <TableCell className="hidden max-w-64 truncate sm:table-cell">{describeTrigger(job.trigger)}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums" data-testid="job-next-run">
                {job.enabled ? countdown(job.nextRunAt, now) : <span className="text-muted-foreground">disabled</span>}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap sm:table-cell" data-testid="job-last-run">
                {last ? (
                  <span className={cn("font-medium", last.className)} title={job.lastMessage ?? undefined}>
                    {last.label}
                    {job.lastDurationMs !== null && (
                      <span className="ml-1 font-normal text-muted-foreground">
                        {formatDuration(job.lastDurationMs)}
                      </span>
                    )}
                  </span>
                ) : (
                  <span className="text-muted-foreground">never</span>
                )}
              </TableCell>
              <TableCell className="text-right" onClick={(e) => e.stopPropagation()}>
                <Switch
                  checked={job.enabled}
                  disabled={!canEdit(job)}
                  onCheckedChange={(v) => onToggle(job, v)}
                  aria-label={`${job.enabled ? "Disable" : "Enable"} ${job.name}`}
                  data-testid="job-enabled"
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
