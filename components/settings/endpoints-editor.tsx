"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { OpenAICompatibleEndpoint } from "@/lib/settings/schema";
import type { FieldErrors } from "@/components/settings/form-values";

function newEndpointId(): string {
  return `ep-${Math.random().toString(36).slice(2, 10)}`;
}

/** Rows of OpenAI-compatible endpoints: name, base URL, enabled; add, edit, remove. */
export function EndpointsEditor({
  id,
  value,
  onChange,
  errors,
  disabled,
}: {
  id: string;
  value: OpenAICompatibleEndpoint[];
  onChange: (next: OpenAICompatibleEndpoint[]) => void;
  errors: FieldErrors;
  disabled: boolean;
}) {
  const update = (index: number, patch: Partial<OpenAICompatibleEndpoint>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <div id={id} data-testid={id} className="flex flex-col gap-3">
      {value.length === 0 ? (
        <p className="rounded-md border border-dashed px-4 py-3 text-sm text-muted-foreground">
          No endpoints yet. Add one for a local server such as LM Studio (http://127.0.0.1:1234/v1) or vLLM.
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {value.map((row, index) => {
            const nameError = errors[`${index}.name`];
            const urlError = errors[`${index}.baseUrl`];
            return (
              <li
                key={row.id}
                className="grid grid-cols-[minmax(0,1fr)_auto_auto] items-start gap-2 rounded-md border p-3"
              >
                <div className="flex flex-col gap-1">
                  <Input
                    aria-label={`Endpoint ${index + 1} name`}
                    placeholder="Name"
                    value={row.name}
                    disabled={disabled}
                    aria-invalid={nameError ? true : undefined}
                    data-testid={`${id}-${index}-name`}
                    onChange={(e) => update(index, { name: e.target.value })}
                  />
                  {nameError && (
                    <p role="alert" className="text-xs text-destructive">
                      {nameError}
                    </p>
                  )}
                </div>
                <label htmlFor={`${id}-${row.id}-enabled`} className="flex h-9 items-center gap-2 text-sm">
                  <Switch
                    id={`${id}-${row.id}-enabled`}
                    checked={row.enabled}
                    disabled={disabled}
                    data-testid={`${id}-${index}-enabled`}
                    onCheckedChange={(enabled) => update(index, { enabled })}
                  />
                  Enabled
                </label>
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  disabled={disabled}
                  aria-label={`Remove endpoint ${row.name || index + 1}`}
                  data-testid={`${id}-${index}-remove`}
                  onClick={() => onChange(value.filter((_, i) => i !== index))}
                >
                  <Trash2 />
                </Button>
                <div className="col-span-3 flex flex-col gap-1">
                  <Input
                    aria-label={`Endpoint ${index + 1} base URL`}
                    placeholder="http://127.0.0.1:1234/v1"
                    inputMode="url"
                    value={row.baseUrl}
                    disabled={disabled}
                    aria-invalid={urlError ? true : undefined}
                    data-testid={`${id}-${index}-baseUrl`}
                    onChange={(e) => update(index, { baseUrl: e.target.value })}
                  />
                  {urlError && (
                    <p role="alert" className="text-xs text-destructive">
                      {urlError}
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="self-start"
        disabled={disabled || value.length >= 20}
        data-testid={`${id}-add`}
        onClick={() => onChange([...value, { id: newEndpointId(), name: "", baseUrl: "", enabled: true }])}
      >
        <Plus /> Add endpoint
      </Button>
    </div>
  );
}
