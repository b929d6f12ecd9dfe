"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
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
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";
import {
  BUILTIN_KEYS,
  BUILTIN_LABELS,
  BUILTIN_PARAMS,
  type BuiltinKey,
  MIN_INTERVAL_SECONDS,
} from "@/lib/automation/job-schema";
import { type JobRow, timeZones } from "@/components/automation/format";
import {
  emptyForm,
  type FormErrors,
  formFromJob,
  formToInput,
  type JobFormState,
  triggerOfForm,
} from "@/components/automation/job-form-state";
import { SchedulePreview } from "@/components/automation/schedule-preview";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none dark:bg-input/30";

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p className="text-xs text-red-600 dark:text-red-400" role="alert" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-muted-foreground">{hint}</p>
      )}
    </div>
  );
}

/** Create or edit a job, validated as you save with the server's own schema. */
export function JobFormDialog({
  open,
  onOpenChange,
  job,
  jobs,
  isAdmin,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  job: JobRow | null;
  jobs: JobRow[];
  isAdmin: boolean;
  onSaved: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<JobFormState>(() => (job ? formFromJob(job) : emptyForm(isAdmin)));
  const [errors, setErrors] = useState<FormErrors>({});
  useEffect(() => {
    if (open) {
      setForm(job ? formFromJob(job) : emptyForm(isAdmin));
      setErrors({});
    }
  }, [open, job, isAdmin]);
  const set = <K extends keyof JobFormState>(key: K, value: JobFormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const done = (saved: { id: string; name: string }) => {
    toast.success(job ? `Saved "${saved.name}".` : `Created "${saved.name}".`);
    void queryClient.invalidateQueries({ queryKey: trpc.automation.pathKey() });
    onSaved(saved.id);
    onOpenChange(false);
  };
  const fail = (e: { message: string }) => setErrors({ form: e.message });
  const create = useMutation(trpc.automation.create.mutationOptions({ onSuccess: done, onError: fail }));
  const update = useMutation(trpc.automation.update.mutationOptions({ onSuccess: done, onError: fail }));
  const pending = create.isPending || update.isPending;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const result = formToInput(form);
    if ("errors" in result) return setErrors(result.errors);
    setErrors({});
    if (job) update.mutate({ id: job.id, job: result.input });
    else create.mutate(result.input);
  };

  const chooseBuiltin = (key: BuiltinKey) =>
    setForm((f) => ({ ...f, builtinKey: key, params: JSON.stringify(BUILTIN_PARAMS[key].parse({}), null, 2) }));
  const chooseType = (type: "builtin" | "agent") =>
    setForm((f) => ({
      ...f,
      type,
      params:
        type === "agent" ? '{\n  "prompt": ""\n}' : JSON.stringify(BUILTIN_PARAMS[f.builtinKey].parse({}), null, 2),
    }));
  const system = job?.system === true;
  const others = jobs.filter((j) => j.id !== job?.id);

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl" data-testid="job-form">
        <DialogHeader>
          <DialogTitle>{job ? `Edit ${job.name}` : "New job"}</DialogTitle>
          <DialogDescription>
            What runs, when, and how often it may retry. Each run appears on the Tasks page.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" noValidate>
          <Field id="job-name" label="Name" error={errors.name}>
            <Input
              id="job-name"
              value={form.name}
              disabled={system}
              onChange={(e) => set("name", e.target.value)}
              autoFocus
              data-testid="job-name"
            />
          </Field>
          <Field id="job-type" label="Runs" error={errors.type ?? errors.builtinKey}>
            <div className="flex gap-2">
              <select
                id="job-type"
                className={selectClass}
                value={form.type}
                disabled={system || !isAdmin}
                onChange={(e) => chooseType(e.target.value as "builtin" | "agent")}
                data-testid="job-type"
              >
                {isAdmin && <option value="builtin">Built-in job</option>}
                <option value="agent">Agent prompt</option>
              </select>
              {form.type === "builtin" && (
                <select
                  aria-label="Built-in job"
                  className={selectClass}
                  value={form.builtinKey}
                  disabled={system}
                  onChange={(e) => chooseBuiltin(e.target.value as BuiltinKey)}
                  data-testid="job-builtin"
                >
                  {BUILTIN_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {BUILTIN_LABELS[k]}
                    </option>
                  ))}
                </select>
              )}
            </div>
          </Field>
          <div className="sm:col-span-2">
            <Field id="job-description" label="Description" error={errors.description}>
              <Input
                id="job-description"
                value={form.description}
                onChange={(e) => set("description", e.target.value)}
              />
            </Field>
          </div>
          <Field id="job-trigger" label="Trigger" error={errors.trigger}>
            <select
              id="job-trigger"
              className={selectClass}
              value={form.triggerType}
              onChange={(e) => set("triggerType", e.target.value as JobFormState["triggerType"])}
              data-testid="job-trigger"
            >
              <option value="cron">Cron schedule</option>
              <option value="interval">Every N seconds</option>
              <option value="event">On an app event</option>
              <option value="manual">Manual only</option>
            </select>
          </Field>
          {form.triggerType === "cron" && (
            <div className="grid grid-cols-2 gap-2">
              <Field id="job-cron" label="Cron" hint="minute hour day month weekday">
                <Input
                  id="job-cron"
                  value={form.cron}
                  onChange={(e) => set("cron", e.target.value)}
                  className="font-mono"
                  data-testid="job-cron"
                />
              </Field>
              <Field id="job-tz" label="Time zone">
                <Input
                  id="job-tz"
                  list="job-tz-list"
                  value={form.timeZone}
                  onChange={(e) => set("timeZone", e.target.value)}
                  data-testid="job-tz"
                />
                <datalist id="job-tz-list">
                  {timeZones().map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </Field>
            </div>
          )}
          {form.triggerType === "interval" && (
            <Field id="job-interval" label="Every (seconds)" hint={`At least ${MIN_INTERVAL_SECONDS} s.`}>
              <Input
                id="job-interval"
                type="number"
                min={MIN_INTERVAL_SECONDS}
                value={form.intervalSeconds}
                onChange={(e) => set("intervalSeconds", e.target.value)}
                data-testid="job-interval"
              />
            </Field>
          )}
          {form.triggerType === "event" && (
            <div className="grid grid-cols-2 gap-2">
              <Field id="job-event" label="Event" hint="e.g. app/file.uploaded">
                <Input
                  id="job-event"
                  value={form.event}
                  onChange={(e) => set("event", e.target.value)}
                  className="font-mono"
                />
              </Field>
              <Field id="job-filter" label="Filter (optional)" hint="e.g. event.data.size > 1000">
                <Input
                  id="job-filter"
                  value={form.filter}
                  onChange={(e) => set("filter", e.target.value)}
                  className="font-mono"
                />
              </Field>
            </div>
          )}
          {form.triggerType === "manual" && (
            <p className="self-end text-sm text-muted-foreground">Runs only when you press Run now.</p>
          )}
          {(form.triggerType === "cron" || form.triggerType === "interval") && (
            <div className="sm:col-span-2">
              <SchedulePreview trigger={triggerOfForm(form)} />
            </div>
          )}
          <div className="sm:col-span-2">
            <Field
              id="job-params"
              label="Parameters (JSON)"
              error={errors.params}
              hint={form.type === "agent" ? '{ "prompt": "...", "agentId"?: "...", "modelId"?: "..." }' : undefined}
            >
              <Textarea
                id="job-params"
                value={form.params}
                onChange={(e) => set("params", e.target.value)}
                rows={4}
                className="font-mono text-xs"
                data-testid="job-params"
              />
            </Field>
          </div>
          <Field id="job-retries" label="Retries" error={errors.retries}>
            <Input
              id="job-retries"
              type="number"
              min={0}
              max={10}
              value={form.retries}
              onChange={(e) => set("retries", e.target.value)}
            />
          </Field>
          <Field id="job-timeout" label="Timeout (seconds)" error={errors.timeoutSeconds}>
            <Input
              id="job-timeout"
              type="number"
              min={1}
              value={form.timeoutSeconds}
              onChange={(e) => set("timeoutSeconds", e.target.value)}
            />
          </Field>
          <Field id="job-concurrency" label="If still running" error={errors.maxParallel}>
            <div className="flex gap-2">
              <select
                id="job-concurrency"
                className={selectClass}
                value={form.concurrency}
                onChange={(e) => set("concurrency", e.target.value as "skip" | "parallel")}
              >
                <option value="skip">Skip this run</option>
                <option value="parallel">Run in parallel</option>
              </select>
              {form.concurrency === "parallel" && (
                <Input
                  aria-label="At most in parallel"
                  type="number"
                  min={1}
                  max={20}
                  value={form.maxParallel}
                  onChange={(e) => set("maxParallel", e.target.value)}
                  className="w-20"
                />
              )}
            </div>
          </Field>
          <div className="flex items-center gap-2 self-end pb-2">
            <Switch id="job-enabled" checked={form.enabled} onCheckedChange={(v) => set("enabled", v)} />
            <Label htmlFor="job-enabled">Enabled</Label>
          </div>
          {others.length > 0 && (
            <div className="sm:col-span-2">
              <Field id="job-depends" label="Runs only after these succeeded" error={errors.dependsOn}>
                <div id="job-depends" className="flex max-h-28 flex-wrap gap-x-4 gap-y-1 overflow-y-auto text-sm">
                  {others.map((o) => (
                    <label key={o.id} className="flex items-center gap-1.5">
                      <input
                        type="checkbox"
                        checked={form.dependsOn.includes(o.id)}
                        onChange={(e) =>
                          set(
                            "dependsOn",
                            e.target.checked ? [...form.dependsOn, o.id] : form.dependsOn.filter((d) => d !== o.id),
                          )
                        }
                      />
                      {o.name}
                    </label>
                  ))}
                </div>
              </Field>
            </div>
          )}
          {errors.form && (
            <p
              className="text-sm text-red-600 sm:col-span-2 dark:text-red-400"
              role="alert"
              data-testid="job-form-error"
            >
              {errors.form}
            </p>
          )}
          <DialogFooter className="sm:col-span-2">
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} data-testid="job-save">
              {pending ? "Saving…" : job ? "Save" : "Create job"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
