"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc/react";
import { HeaderSelect } from "@/components/common/header-select";

/** The session's model, from every model the configured providers list. */
export function ModelPicker({
  value,
  onChange,
  disabled,
}: {
  value: string | null;
  onChange: (id: string) => void;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const models = useQuery(trpc.chat.models.queryOptions(undefined, { staleTime: 30_000 }));
  const list = models.data?.models ?? [];
  const current = value ?? models.data?.defaultModelId ?? "";
  const groups = new Map<string, typeof list>();
  for (const m of list) groups.set(m.providerLabel, [...(groups.get(m.providerLabel) ?? []), m]);
  const known = list.some((m) => m.id === current);
  const problems = models.data?.problems ?? [];

  return (
    <div className="flex min-w-0 items-center gap-2">
      <HeaderSelect
        id="model-picker"
        label="Model"
        value={current}
        disabled={disabled || models.isPending}
        onValueChange={onChange}
        title={problems.map((p) => `${p.label}: ${p.message}`).join("\n") || undefined}
        className="max-w-[13rem]"
      >
        {models.isPending && <option value={current}>Loading models…</option>}
        {!models.isPending && !current && <option value="">Choose a model</option>}
        {!models.isPending && current && !known && <option value={current}>{current}</option>}
        {[...groups].map(([label, items]) => (
          <optgroup key={label} label={label}>
            {items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </optgroup>
        ))}
      </HeaderSelect>
      {!models.isPending && list.length === 0 && (
        <span className="text-xs text-muted-foreground" data-testid="model-picker-empty">
          No models found. Add one in{" "}
          <Link href="/settings/providers" className="underline underline-offset-2 hover:text-foreground">
            Settings → Providers
          </Link>
          .
        </span>
      )}
    </div>
  );
}
