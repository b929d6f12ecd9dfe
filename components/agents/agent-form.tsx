"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { CheckCircle2, Loader2, ShieldCheck, XCircle } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";
import { type AgentDraft, draftToInput } from "@/components/agents/agent-draft";
import { MEMORY_LABELS } from "@/components/agents/agent-format";

const selectClass = "h-9 w-full rounded-md border bg-background px-2 text-sm";

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
    </div>
  );
}

/**
 * Create / edit form of an agent, with "Validate agent" (a dry run of the unsaved draft:
 * model answers, tools exist, prompt fits). Saving is the parent's; the server validates again.
 */
export function AgentForm({
  initial,
  submitLabel,
  saving,
  error,
  onSubmit,
  onCancel,
}: {
  initial: AgentDraft;
  submitLabel: string;
  saving: boolean;
  error: string | null;
  onSubmit: (draft: AgentDraft) => void;
  onCancel?: () => void;
}) {
  const trpc = useTRPC();
  const [d, setD] = useState<AgentDraft>(initial);
  const set = <K extends keyof AgentDraft>(key: K, value: AgentDraft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const tools = useQuery(trpc.agents.toolOptions.queryOptions(undefined, { staleTime: 60_000 }));
  const models = useQuery(trpc.chat.models.queryOptions(undefined, { staleTime: 30_000 }));
  const validate = useMutation(trpc.agents.validate.mutationOptions());
  const knownTools = new Set(tools.data?.map((t) => t.name) ?? []);
  const unknownTools = d.tools.filter((t) => tools.data && !knownTools.has(t));

  return (
    <form
      className="flex flex-col gap-4"
      data-testid="agent-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(d);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="agent-name" label="Name">
          <Input
            id="agent-name"
            value={d.name}
            onChange={(e) => set("name", e.target.value)}
            maxLength={60}
            required
            data-testid="agent-name"
          />
        </Field>
        <Field id="agent-role" label="Role">
          <Input
            id="agent-role"
            value={d.role}
            onChange={(e) => set("role", e.target.value)}
            maxLength={80}
            required
            placeholder="e.g. Summarises reports"
            data-testid="agent-role"
          />
        </Field>
      </div>
      <Field id="agent-description" label="Description">
        <Input
          id="agent-description"
          value={d.description}
          onChange={(e) => set("description", e.target.value)}
          maxLength={500}
        />
      </Field>
      <div className="flex flex-wrap items-end gap-3">
        <Field id="agent-avatar-kind" label="Avatar">
          <select
            id="agent-avatar-kind"
            className={selectClass}
            value={d.avatarKind}
            onChange={(e) => set("avatarKind", e.target.value as AgentDraft["avatarKind"])}
          >
            <option value="emoji">Emoji</option>
            <option value="initials">Initials</option>
          </select>
        </Field>
        {d.avatarKind === "emoji" ? (
          <Field id="agent-emoji" label="Emoji">
            <Input
              id="agent-emoji"
              className="w-20"
              value={d.emoji}
              onChange={(e) => set("emoji", e.target.value)}
              maxLength={16}
            />
          </Field>
        ) : (
          <>
            <Field id="agent-initials" label="Initials">
              <Input
                id="agent-initials"
                className="w-20"
                value={d.initials}
                onChange={(e) => set("initials", e.target.value)}
                maxLength={3}
              />
            </Field>
            <Field id="agent-color" label="Colour">
              <Input
                id="agent-color"
                type="color"
                className="w-16 p-1"
                value={d.color}
                onChange={(e) => set("color", e.target.value)}
              />
            </Field>
          </>
        )}
      </div>
      <Field id="agent-prompt" label="System prompt" hint="How the agent should act. Sent before every conversation.">
        <Textarea
          id="agent-prompt"
          value={d.systemPrompt}
          onChange={(e) => set("systemPrompt", e.target.value)}
          rows={5}
          required
          data-testid="agent-prompt"
        />
      </Field>
      <Field id="agent-goals" label="Goals" hint="One per line.">
        <Textarea id="agent-goals" value={d.goals} onChange={(e) => set("goals", e.target.value)} rows={2} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="agent-model"
          label="Model"
          hint={models.data?.defaultModelId ? `Inherit uses ${models.data.defaultModelId} today.` : undefined}
        >
          <select
            id="agent-model"
            className={selectClass}
            value={d.modelId}
            onChange={(e) => set("modelId", e.target.value)}
            data-testid="agent-model"
          >
            <option value="">Inherit (the chat's or default model)</option>
            {d.modelId && !models.data?.models.some((m) => m.id === d.modelId) && (
              <option value={d.modelId}>{d.modelId}</option>
            )}
            {models.data?.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.providerLabel}: {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="agent-memory" label="Memory">
          <select
            id="agent-memory"
            className={selectClass}
            value={d.memoryMode}
            onChange={(e) => set("memoryMode", e.target.value as AgentDraft["memoryMode"])}
          >
            {Object.entries(MEMORY_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Field id="agent-temperature" label="Temperature">
          <Input
            id="agent-temperature"
            inputMode="decimal"
            placeholder="model default"
            value={d.temperature}
            onChange={(e) => set("temperature", e.target.value)}
          />
        </Field>
        <Field id="agent-max-tokens" label="Max tokens">
          <Input
            id="agent-max-tokens"
            inputMode="numeric"
            placeholder="model default"
            value={d.maxTokens}
            onChange={(e) => set("maxTokens", e.target.value)}
          />
        </Field>
        <Field id="agent-max-turns" label="Max turns">
          <Input
            id="agent-max-turns"
            inputMode="numeric"
            value={d.maxTurns}
            onChange={(e) => set("maxTurns", e.target.value)}
          />
        </Field>
        <Field id="agent-budget" label="Token budget / run">
          <Input
            id="agent-budget"
            inputMode="numeric"
            placeholder="no limit"
            value={d.tokenBudget}
            onChange={(e) => set("tokenBudget", e.target.value)}
          />
        </Field>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1.5 text-sm font-medium">Tools the agent may use</legend>
        {tools.isPending ? (
          <p className="text-xs text-muted-foreground">Loading tools…</p>
        ) : (
          <div className="grid gap-1.5 sm:grid-cols-2" data-testid="agent-tools">
            {[
              ...(tools.data ?? []),
              ...unknownTools.map((name) => ({
                name,
                description: "Not in the registry now",
                risk: "safe" as const,
                needsApproval: false,
                source: "missing",
              })),
            ].map((t) => (
              <label
                key={t.name}
                className="flex items-start gap-2 rounded-md border px-2 py-1.5 text-sm"
                title={t.description}
              >
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={d.tools.includes(t.name)}
                  onChange={(e) =>
                    set("tools", e.target.checked ? [...d.tools, t.name] : d.tools.filter((x) => x !== t.name))
                  }
                  data-testid={`agent-tool-${t.name}`}
                />
                <span className="min-w-0">
                  <span className="font-mono text-xs">{t.name}</span>
                  <span className="block truncate text-xs text-muted-foreground">
                    {t.source === "missing"
                      ? t.description
                      : `${t.risk.replace("_", " ")}${t.needsApproval ? " · asks first" : ""}`}
                  </span>
                </span>
              </label>
            ))}
          </div>
        )}
        <p className="text-xs text-muted-foreground">
          Safe Mode and the network and shell switches in Settings still apply to every agent.
        </p>
      </fieldset>

      {validate.isPending && (
        <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
          <Loader2 className="size-4 animate-spin" /> Validating: asking the model a tiny question…
        </p>
      )}
      {validate.error && <p className="text-sm text-destructive">{validate.error.message}</p>}
      {validate.data && !validate.isPending && (
        <ul
          className="flex flex-col gap-1 rounded-md border p-3 text-sm"
          data-testid="agent-validation"
          data-ok={validate.data.ok}
        >
          {validate.data.checks.map((c) => (
            <li key={c.id} className="flex items-start gap-2">
              {c.ok ? (
                <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="passed" />
              ) : (
                <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="failed" />
              )}
              <span>{c.message}</span>
            </li>
          ))}
          {validate.data.resolved && (
            <li>
              <details>
                <summary className="cursor-pointer text-xs text-muted-foreground">Resolved configuration</summary>
                <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2 text-xs">
                  {JSON.stringify(validate.data.resolved, null, 2)}
                </pre>
              </details>
            </li>
          )}
        </ul>
      )}
      {error && (
        <p className="text-sm text-destructive" role="alert" data-testid="agent-form-error">
          {error}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button
          type="button"
          variant="outline"
          disabled={validate.isPending}
          onClick={() => validate.mutate({ draft: draftToInput(d) as Record<string, unknown> })}
          data-testid="agent-validate"
        >
          <ShieldCheck /> Validate agent
        </Button>
        <Button type="submit" disabled={saving} data-testid="agent-save">
          {saving && <Loader2 className="animate-spin" />}
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
