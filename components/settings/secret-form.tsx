"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";

/**
 * Sets a secret (new or replacement). The value field always starts empty: a stored value is
 * never sent to the browser to pre-fill it.
 */
export function SecretForm({
  fixedName,
  onDone,
  submitLabel = "Save secret",
}: {
  fixedName?: string;
  onDone: () => void;
  submitLabel?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(fixedName ?? "");
  const [value, setValue] = useState("");
  const save = useMutation(
    trpc.secrets.set.mutationOptions({
      onSuccess: async (row) => {
        toast.success(`Saved ${row.name}`, { description: `Stored encrypted as ${row.hint}.` });
        setValue("");
        await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
        onDone();
      },
      onError: (err) => toast.error("The secret was not saved", { description: err.message }),
    }),
  );
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name: name.trim(), value });
      }}
    >
      {!fixedName && (
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="secret-name">Name</Label>
          <Input
            id="secret-name"
            data-testid="secret-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. smtp.password"
            autoComplete="off"
            maxLength={64}
            required
          />
        </div>
      )}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`secret-value-${fixedName ?? "new"}`}>Value</Label>
        <Input
          id={`secret-value-${fixedName ?? "new"}`}
          data-testid="secret-value"
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          maxLength={8192}
          required
        />
      </div>
      <div className="flex gap-2">
        <Button
          type="submit"
          data-testid="secret-save"
          disabled={save.isPending || value.length === 0 || name.trim().length < 2}
        >
          {save.isPending ? "Saving…" : submitLabel}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
