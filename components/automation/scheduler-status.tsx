"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pause, Play } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import { countdown } from "@/components/automation/format";
import { useNow } from "@/components/automation/use-now";

const STATE = {
  running: { label: "Running", dot: "bg-emerald-500" },
  starting: { label: "Starting", dot: "bg-sky-500" },
  paused: { label: "Paused", dot: "bg-amber-500" },
  error: { label: "Not ticking", dot: "bg-red-500" },
} as const;

/** Scheduler state, the next job due with a live countdown, health, and Pause all / Resume all (admins). */
export function SchedulerStatusCard({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.automation.status.queryOptions(), refetchInterval: 10_000 });
  const now = useNow();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
  const pause = useMutation(
    trpc.automation.pauseAll.mutationOptions({
      onSuccess: () => {
        toast.success("The scheduler is paused: no job starts until you resume. Schedules are kept.");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const resume = useMutation(
    trpc.automation.resumeAll.mutationOptions({
      onSuccess: () => {
        toast.success("The scheduler is running again; overdue jobs run once now.");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const s = status.data;
  const state = s ? STATE[s.state] : null;
  const failing = s?.health?.checks.filter((c) => !c.ok) ?? [];
  return (
    <Card
      className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
      data-testid="scheduler-status"
    >
      <div className="flex flex-col gap-1 text-sm">
        <div className="flex items-center gap-2 font-medium">
          <span className={cn("size-2.5 rounded-full", state?.dot ?? "bg-muted")} aria-hidden />
          <span data-testid="scheduler-state">{state ? `Scheduler ${state.label.toLowerCase()}` : "Loading…"}</span>
        </div>
        <p className="text-muted-foreground">
          {s?.state === "error" ? (
            "No scheduler tick in the last minutes: the background executor may be stopped (see Diagnostics)."
          ) : s?.next ? (
            <>
              Next: <span className="font-medium text-foreground">{s.next.name}</span>{" "}
              {countdown(s.next.nextRunAt, now)}
            </>
          ) : (
            "No scheduled job is waiting."
          )}
        </p>
        {isAdmin && s?.health && (
          <p
            className={cn("text-xs", failing.length ? "text-red-600 dark:text-red-400" : "text-muted-foreground")}
            data-testid="health-summary"
          >
            Health {new Date(s.health.at).toLocaleTimeString()}:{" "}
            {failing.length ? failing.map((c) => c.message).join(" ") : "all checks passed."}
            {s.openAlerts > 0 && ` ${s.openAlerts} open alert${s.openAlerts === 1 ? "" : "s"}.`}
          </p>
        )}
      </div>
      {isAdmin &&
        s &&
        (s.paused ? (
          <Button onClick={() => resume.mutate()} disabled={resume.isPending} data-testid="resume-all">
            <Play aria-hidden /> Resume all
          </Button>
        ) : (
          <Button variant="outline" onClick={() => pause.mutate()} disabled={pause.isPending} data-testid="pause-all">
            <Pause aria-hidden /> Pause all
          </Button>
        ))}
    </Card>
  );
}
