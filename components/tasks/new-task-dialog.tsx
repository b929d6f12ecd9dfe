"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import { AGENT_PROMPT_MAX } from "@/lib/tasks/agent-run-input";

type When = "now" | "at" | "cron";
const WHEN_LABELS: Record<When, string> = { now: "Now", at: "At a time", cron: "On a schedule" };

const selectClass = "h-9 w-full min-w-0 rounded-md border bg-background px-2 text-sm";

/** datetime-local wants the local time without a zone: "2026-11-25T18:30". */
function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "New task": run an agent (or a model) on a prompt now, at a time, or on a cron schedule.
 * A scheduled prompt becomes an agent job on the Automation page; each of its runs is a task.
 */
export function NewTaskDialog({
  open,
  onOpenChange,
  onStarted,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStarted: (taskId: string) => void;
}) {
  const trpc = useTRPC();
  const agents = useQuery({ ...trpc.agents.active.queryOptions(), enabled: open });
  const models = useQuery({ ...trpc.chat.models.queryOptions(undefined, { staleTime: 30_000 }), enabled: open });
  const [prompt, setPrompt] = useState("");
  const [agentId, setAgentId] = useState("");
  const [modelId, setModelId] = useState("");
  const [when, setWhen] = useState<When>("now");
  const [at, setAt] = useState(() => localInputValue(new Date(Date.now() + 3_600_000)));
  const [name, setName] = useState("");
  const [cron, setCron] = useState("0 8 * * 1-5");
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");

  const start = useMutation(
    trpc.tasks.start.mutationOptions({
      onSuccess: (res) => {
        onOpenChange(false);
        setPrompt("");
        if (res.kind === "job") {
          toast.success("Schedule created. Each run appears here as a task.", {
            action: {
              label: "Open in Automation",
              onClick: () => window.location.assign(`/automation?job=${encodeURIComponent(res.id)}`),
            },
          });
          return;
        }
        if (res.status === "failed") toast.error(res.error ?? "The run could not be started.");
        else toast.success(when === "at" ? "Task scheduled. It waits until its time." : "Task started.");
        onStarted(res.id);
      },
      onError: (err) => toast.error(err.message),
    }),
  );

  const submit = () => {
    const base = { prompt, ...(agentId ? { agentId } : {}), ...(modelId ? { modelId } : {}) };
    if (when === "now") start.mutate({ ...base, when: { type: "now" } });
    else if (when === "at") {
      const date = new Date(at);
      if (Number.isNaN(date.getTime())) return void toast.error("Choose a date and time.");
      start.mutate({ ...base, when: { type: "at", at: date } });
    } else
      start.mutate({
        ...base,
        when: { type: "cron", name: name || prompt.trim().slice(0, 60) || "Agent prompt", cron, timeZone },
      });
  };

  const modelList = models.data?.models ?? [];
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="new-task-dialog" className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>New task</DialogTitle>
          <DialogDescription>
            Run an agent or a model on a prompt in the background. The answer becomes the task&apos;s output and a
            Markdown file.
          </DialogDescription>
        </DialogHeader>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="new-task-prompt">Prompt</Label>
            <Textarea
              id="new-task-prompt"
              data-testid="new-task-prompt"
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  submit();
                }
              }}
              maxLength={AGENT_PROMPT_MAX}
              rows={5}
              placeholder="e.g. Summarise yesterday's failed tasks and suggest fixes."
              autoFocus
            />
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="new-task-agent">Agent</Label>
              <select
                id="new-task-agent"
                data-testid="new-task-agent"
                className={selectClass}
                value={agentId}
                onChange={(e) => setAgentId(e.target.value)}
              >
                <option value="">No agent (just the model)</option>
                {agents.data?.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="new-task-model">Model</Label>
              <select
                id="new-task-model"
                data-testid="new-task-model"
                className={selectClass}
                value={modelId}
                onChange={(e) => setModelId(e.target.value)}
              >
                <option value="">{agentId ? "The agent's model" : "The default model"}</option>
                {modelList.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.providerLabel} · {m.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1.5 text-sm font-medium">When</legend>
            <div className="flex flex-wrap gap-2" role="radiogroup" aria-label="When">
              {(Object.keys(WHEN_LABELS) as When[]).map((w) => (
                <label
                  key={w}
                  data-testid={`new-task-when-${w}`}
                  className={cn(
                    "rounded-md border px-3 py-1.5 text-sm hover:bg-accent has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                    when === w ? "border-foreground/40 bg-accent font-medium" : "border-border",
                  )}
                >
                  <input
                    type="radio"
                    name="new-task-when"
                    value={w}
                    checked={when === w}
                    onChange={() => setWhen(w)}
                    onKeyDown={(e) => {
                      // Enter picks the option; it does not submit the form.
                      if (e.key === "Enter") {
                        e.preventDefault();
                        setWhen(w);
                      }
                    }}
                    className="sr-only"
                  />
                  {WHEN_LABELS[w]}
                </label>
              ))}
            </div>
            {when === "at" && (
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="new-task-at">Start at (your local time)</Label>
                <Input
                  id="new-task-at"
                  data-testid="new-task-at"
                  type="datetime-local"
                  value={at}
                  onChange={(e) => setAt(e.target.value)}
                />
              </div>
            )}
            {when === "cron" && (
              <div className="grid gap-3 sm:grid-cols-2">
                <div className="flex flex-col gap-1.5 sm:col-span-2">
                  <Label htmlFor="new-task-name">Schedule name</Label>
                  <Input
                    id="new-task-name"
                    data-testid="new-task-name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    placeholder="Morning digest"
                    maxLength={80}
                  />
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="new-task-cron">Cron</Label>
                  <Input
                    id="new-task-cron"
                    data-testid="new-task-cron"
                    value={cron}
                    onChange={(e) => setCron(e.target.value)}
                    className="font-mono"
                  />
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="new-task-tz">Time zone</Label>
                  <Input
                    id="new-task-tz"
                    data-testid="new-task-tz"
                    value={timeZone}
                    onChange={(e) => setTimeZone(e.target.value)}
                  />
                </div>
                <p className="text-xs text-muted-foreground sm:col-span-2">
                  Five fields: minute hour day-of-month month day-of-week; &quot;0 8 * * 1-5&quot; is 08:00 on weekdays.
                  The schedule is an agent job you can change on the Automation page.
                </p>
              </div>
            )}
          </fieldset>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={start.isPending || !prompt.trim()} data-testid="new-task-submit">
              {start.isPending
                ? "Starting…"
                : when === "cron"
                  ? "Create schedule"
                  : when === "at"
                    ? "Schedule"
                    : "Run now"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
