import { cn } from "@/lib/utils";
import type { TaskDetail } from "@/server/tasks/queries";
import { statusOf } from "@/components/tasks/task-format";
import { formatDuration } from "@/lib/format";

const typeLabel: Record<string, string> = {
  run: "step",
  sleep: "sleep",
  waitForEvent: "wait for event",
  invoke: "call function",
  sendEvent: "send event",
  waitForSignal: "wait for signal",
};

/** The run's steps in order, with durations and retries. */
export function TaskSteps({ steps }: { steps: TaskDetail["steps"] }) {
  if (steps.length === 0) {
    return <p className="text-sm text-muted-foreground">No steps yet. Steps appear as the run reaches them.</p>;
  }
  return (
    <ol className="relative flex flex-col gap-3 border-l pl-4" data-testid="task-steps">
      {steps.map((s) => {
        const style = statusOf(s.status === "waiting" ? "waiting" : s.status);
        return (
          <li key={s.id} className="relative" data-testid="task-step" data-status={s.status}>
            <span
              className={cn(
                "absolute top-1.5 -left-[1.3rem] size-2.5 rounded-full ring-2 ring-background",
                style.dot,
                s.status === "running" && "animate-pulse",
              )}
              aria-hidden
            />
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium">{s.name}</span>
              <span className="text-xs text-muted-foreground">{typeLabel[s.type] ?? s.type}</span>
              <span className="text-xs">{style.label}</span>
              <span className="ml-auto text-xs tabular-nums text-muted-foreground">{formatDuration(s.durationMs)}</span>
            </div>
            {s.attempt > 0 && (
              <p className="text-xs text-warning" data-testid="task-step-retries">
                Retried {s.attempt} {s.attempt === 1 ? "time" : "times"}
              </p>
            )}
            {s.error && <p className="mt-0.5 text-xs break-words text-destructive">{s.error}</p>}
          </li>
        );
      })}
    </ol>
  );
}
