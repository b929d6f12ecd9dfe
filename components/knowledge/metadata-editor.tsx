"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";

const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
const SUGGESTED = ["author", "category", "tags", "source"];

// A row's identity for React while its key and value are edited, added and removed.
let lastRowId = 0;
const newRow = (k: string, v: string) => ({ id: ++lastRowId, k, v });

/** Key/value metadata (author, category, tags, …) checked as typed; the query tester filters on it. */
export function MetadataEditor({
  id,
  metadata,
  editable,
  onSaved,
}: {
  id: string;
  metadata: Record<string, string>;
  editable: boolean;
  onSaved: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(() => Object.entries(metadata).map(([k, v]) => newRow(k, v)));
  const save = useMutation(
    trpc.knowledge.updateMetadata.mutationOptions({
      onSuccess: () => {
        toast.success("Metadata saved.");
        void queryClient.invalidateQueries({ queryKey: trpc.knowledge.document.queryKey({ id }) });
        onSaved();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const keys = rows.map((r) => r.k.trim());
  const errorOf = (k: string, i: number) => {
    if (!k.trim()) return "Enter a key.";
    if (!KEY.test(k.trim())) return "Letters, digits, _ . - ; starting with a letter.";
    if (keys.indexOf(k.trim()) !== i) return "This key is used twice.";
    return null;
  };
  const invalid = rows.some((r, i) => errorOf(r.k, i));
  const missing = SUGGESTED.filter((s) => !keys.includes(s));

  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) save.mutate({ id, metadata: Object.fromEntries(rows.map((r) => [r.k.trim(), r.v.trim()])) });
      }}
      data-testid="kb-metadata"
    >
      {rows.length === 0 && (
        <p className="text-sm text-muted-foreground">
          No metadata yet.{editable ? " Add author, category or tags to filter on them in the Query tester." : ""}
        </p>
      )}
      {rows.map((r, i) => {
        const err = errorOf(r.k, i);
        return (
          <div key={r.id} className="flex flex-col gap-1">
            <div className="flex gap-2">
              <Input
                value={r.k}
                disabled={!editable}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, k: e.target.value } : x)))}
                placeholder="key"
                aria-label="Metadata key"
                aria-invalid={!!err}
                className="h-8 w-36"
              />
              <Input
                value={r.v}
                disabled={!editable}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, v: e.target.value } : x)))}
                placeholder="value"
                aria-label={`Value of ${r.k || "the key"}`}
                className="h-8 flex-1"
                maxLength={2000}
              />
              {editable && (
                <Button
                  type="button"
                  size="icon"
                  variant="ghost"
                  className="size-8"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  aria-label={`Remove ${r.k || "this field"}`}
                >
                  <Trash2 aria-hidden />
                </Button>
              )}
            </div>
            {err && <p className="text-xs text-destructive">{err}</p>}
          </div>
        );
      })}
      {editable && (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="button" size="sm" variant="outline" onClick={() => setRows([...rows, newRow("", "")])}>
            <Plus aria-hidden /> Field
          </Button>
          {missing.map((s) => (
            <Button key={s} type="button" size="sm" variant="ghost" onClick={() => setRows([...rows, newRow(s, "")])}>
              + {s}
            </Button>
          ))}
          <Button
            type="submit"
            size="sm"
            className="ml-auto"
            disabled={invalid || save.isPending}
            data-testid="kb-metadata-save"
          >
            Save metadata
          </Button>
        </div>
      )}
      {!editable && (
        <p className="text-xs text-muted-foreground">Only an admin or the person who added the document can edit it.</p>
      )}
    </form>
  );
}
