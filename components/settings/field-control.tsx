"use client";

import { EndpointsEditor } from "@/components/settings/endpoints-editor";
import type { FieldErrors } from "@/components/settings/form-values";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { FieldMeta, OpenAICompatibleEndpoint } from "@/lib/settings/schema";
import { cn } from "@/lib/utils";

/** The input for one setting, chosen by its metadata; `id` is also its data-testid. */
export function FieldControl({
  id,
  meta,
  value,
  onChange,
  errors,
  error,
  disabled,
}: {
  id: string;
  meta: FieldMeta;
  value: unknown;
  onChange: (next: unknown) => void;
  errors: FieldErrors;
  error?: string;
  disabled: boolean;
}) {
  const described = cn(error && `${id}-error`, `${id}-help`);
  const invalid = error ? true : undefined;

  switch (meta.kind) {
    case "switch":
      return (
        <Switch
          id={id}
          data-testid={id}
          checked={value === true}
          disabled={disabled}
          aria-describedby={described}
          onCheckedChange={(checked) => onChange(checked)}
        />
      );
    case "select":
      return (
        <select
          id={id}
          data-testid={id}
          value={String(value)}
          disabled={disabled}
          aria-describedby={described}
          aria-invalid={invalid}
          onChange={(e) => onChange(e.target.value)}
          className="h-9 w-full max-w-xs rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {meta.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case "endpoints":
      return (
        <EndpointsEditor
          id={id}
          value={value as OpenAICompatibleEndpoint[]}
          onChange={onChange}
          errors={errors}
          disabled={disabled}
        />
      );
    case "number":
      return (
        <div className="flex items-center gap-2">
          <Input
            id={id}
            data-testid={id}
            type="number"
            inputMode="numeric"
            className="max-w-32"
            value={String(value)}
            disabled={disabled}
            aria-describedby={described}
            aria-invalid={invalid}
            onChange={(e) => onChange(e.target.value)}
          />
          {meta.unit && <span className="text-sm text-muted-foreground">{meta.unit}</span>}
        </div>
      );
    default:
      return (
        <Input
          id={id}
          data-testid={id}
          type="text"
          inputMode={meta.kind === "url" ? "url" : undefined}
          spellCheck={meta.kind === "url" ? false : undefined}
          className="max-w-md"
          value={String(value ?? "")}
          disabled={disabled}
          aria-describedby={described}
          aria-invalid={invalid}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}
