"use client";

import { CheckCircle2, Circle, CircleSlash, Loader2, Square, Users, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/lib/utils";
import type { PlanStep } from "@/server/teams/plan";
import type { TeamRunView } from "@/server/teams/runs";

const STEP_ICON = {
  pending: { icon: Circle, className: "text-muted-foreground", label: "To do" },
  running: { icon: Loader2, className: "animate-spin text-primary", label: "Running" },
  done: { icon: CheckCircle2, className: "text-success", label: "Done" },
  failed: { icon: XCircle, className: "text-destructive", label: "Failed" },
  skipped: { icon: CircleSlash, className: "text-muted-foreground", label: "Skipped" },
} as const;

const STATUS_BADGE = {
  queued: { label: "Queued", variant: "secondary" },
  running: { label: "Working", variant: "default" },
  succeeded: { label: "Done", variant: "success" },
  stopped: { label: "Stopped", variant: "warning" },
  failed: { label: "Failed", variant: "destructive" },
} as const;

function StepRow({ step, index }: { step: PlanStep; index: number }) {
  const { icon: Icon, className, label } = STEP_ICON[step.status] ?? STEP_ICON.pending;
  return (
    <li className="flex items-start gap-2 py-1" data-testid="plan-step" data-status={step.status}>
      <Icon className={cn("mt-0.5 size-4 shrink-0", className)} aria-label={label} />
      <div className="min-w-0 flex-1">
        <p
          className={cn(
            "text-sm",
            step.status === "skipped" && "text-muted-foreground line-through",
            step.status === "done" && "text-muted-foreground",
          )}
        >
          <span className="text-muted-foreground">{index + 1}.</span> {step.title}
        </p>
        {step.result && (
          <p className="line-clamp-2 text-xs text-muted-foreground" title={step.result}>
            {step.result}
          </p>
        )}
      </div>
    </li>
  );
}

/** The team's plan in the chat: each step ticks as the executor finishes it. */
export function PlanChecklist({ run, onStop, stopping }: { run: TeamRunView; onStop: () => void; stopping: boolean }) {
  const finished = run.plan.filter((s) => s.status !== "pending" && s.status !== "running").length;
  const percent = run.plan.length ? Math.round((finished / run.plan.length) * 100) : 0;
  const badge = STATUS_BADGE[run.status] ?? STATUS_BADGE.queued;
  const active = run.status === "queued" || run.status === "running";
  return (
    <section
      aria-label="Team plan"
      data-testid="plan-checklist"
      data-status={run.status}
      className="rounded-lg border bg-card px-4 py-3"
    >
      <header className="flex flex-wrap items-center gap-2">
        <Users className="size-4 text-muted-foreground" aria-hidden />
        <h3 className="text-sm font-medium">{run.teamName ?? "Team"} · plan</h3>
        <Badge variant={badge.variant} data-testid="plan-status">
          {badge.label}
        </Badge>
        {run.round > 1 && <span className="text-xs text-muted-foreground">round {run.round}</span>}
        {active && (
          <Button
            size="sm"
            variant="outline"
            className="ml-auto h-7"
            onClick={onStop}
            disabled={stopping}
            data-testid="plan-stop"
          >
            <Square className="size-3" aria-hidden /> Stop
          </Button>
        )}
      </header>
      {run.plan.length === 0 ? (
        <p className="mt-2 text-sm text-muted-foreground">
          {active ? "The planner is writing the plan…" : "No plan was written."}
        </p>
      ) : (
        <>
          <Progress value={percent} className="mt-2" aria-label={`${finished} of ${run.plan.length} steps finished`} />
          <ol className="mt-2">
            {run.plan.map((step, i) => (
              <StepRow key={step.id} step={step} index={i} />
            ))}
          </ol>
        </>
      )}
      {(run.error ?? run.stopReason) && (
        <p className={cn("mt-1 text-xs", run.error ? "text-destructive" : "text-muted-foreground")}>
          {run.error ?? run.stopReason}
        </p>
      )}
    </section>
  );
}
