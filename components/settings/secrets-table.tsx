"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Eye, KeyRound, Plus, Trash2 } from "lucide-react";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { SecretForm } from "@/components/settings/secret-form";
import { SecretReveal } from "@/components/settings/secret-reveal";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/react";

type Pending = { kind: "reveal" | "delete"; name: string } | null;

/** The vault's contents, masked; one secret at a time can be revealed, each reveal audited. */
export function SecretsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(trpc.secrets.list.queryOptions());
  const [pending, setPending] = useState<Pending>(null);
  const [revealed, setRevealed] = useState<{ name: string; value: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const hide = useCallback(() => setRevealed(null), []);

  const reveal = useMutation(
    trpc.secrets.reveal.mutationOptions({
      onSuccess: (result) => setRevealed(result),
      onError: (err) => toast.error("The secret could not be revealed", { description: err.message }),
    }),
  );
  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: async (_r, input) => {
        toast.success(`Deleted ${input.name}`);
        if (revealed?.name === input.name) setRevealed(null);
        await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
      },
      onError: (err) => toast.error("The secret was not deleted", { description: err.message }),
    }),
  );

  return (
    <Card data-testid="secrets-table">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1.5">
          <h2 className="leading-none font-semibold">Secrets</h2>
          <CardDescription>
            API keys and passwords, encrypted with AES-256-GCM; the key is kept outside the database. Values are never
            shown unless you reveal one.
          </CardDescription>
        </div>
        {!adding && (
          <Button type="button" size="sm" variant="outline" data-testid="secret-add" onClick={() => setAdding(true)}>
            <Plus /> Add secret
          </Button>
        )}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {adding && (
          <div className="rounded-md border p-3">
            <SecretForm onDone={() => setAdding(false)} />
          </div>
        )}
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            The secrets could not be loaded: {error.message}
          </p>
        ) : !data ? (
          <Skeleton className="h-20 w-full" />
        ) : data.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No secrets yet"
            description="Add one here, or set the OpenRouter key under Providers."
          />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Value
                  </th>
                  <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">
                    Updated
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((s) => (
                  <tr key={s.name} data-testid={`secret-row-${s.name}`} className="border-b align-top last:border-0">
                    <td className="py-2 pr-3 font-mono text-xs break-all">{s.name}</td>
                    <td className="py-2 pr-3">
                      {revealed?.name === s.name ? (
                        <SecretReveal name={s.name} value={revealed.value} onHide={hide} />
                      ) : (
                        <span className="font-mono text-xs text-muted-foreground">{s.hint}</span>
                      )}
                    </td>
                    <td className="hidden py-2 pr-3 whitespace-nowrap text-muted-foreground sm:table-cell">
                      <time dateTime={new Date(s.updatedAt).toISOString()} suppressHydrationWarning>
                        {new Date(s.updatedAt).toLocaleString()}
                      </time>
                    </td>
                    <td className="py-2 text-right whitespace-nowrap">
                      <Button
                        type="button"
                        size="sm"
                        variant="ghost"
                        data-testid={`secret-reveal-${s.name}`}
                        onClick={() => setPending({ kind: "reveal", name: s.name })}
                      >
                        <Eye /> Reveal
                      </Button>
                      <Button
                        type="button"
                        size="sm"
                        variant="ghost"
                        aria-label={`Delete ${s.name}`}
                        data-testid={`secret-delete-${s.name}`}
                        onClick={() => setPending({ kind: "delete", name: s.name })}
                      >
                        <Trash2 />
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === "delete" ? `Delete ${pending.name}?` : `Reveal ${pending?.name ?? ""}?`}
        description={
          pending?.kind === "delete"
            ? "Whatever uses this secret stops working until it is set again. This cannot be undone."
            : "The value is shown for 30 seconds. The reveal is recorded in the audit log with your name."
        }
        confirmLabel={pending?.kind === "delete" ? "Delete" : "Reveal"}
        destructive={pending?.kind === "delete"}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return;
          if (pending.kind === "delete") remove.mutate({ name: pending.name });
          else {
            setRevealed(null);
            reveal.mutate({ name: pending.name });
          }
          setPending(null);
        }}
      />
    </Card>
  );
}
