"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { SecretForm } from "@/components/settings/secret-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/react";

export const OPENROUTER_SECRET = "openrouter.apiKey";

/** The OpenRouter key lives in the vault: its masked hint, Replace and Remove; never pre-filled. */
export function OpenRouterKey({ canEdit }: { canEdit: boolean }) {
  return (
    <Card data-testid="openrouter-key">
      <CardHeader>
        <h2 className="leading-none font-semibold">OpenRouter API key</h2>
        <CardDescription>
          Used for cloud models through OpenRouter. Saved to the encrypted vault straight away (no Apply needed) as the
          secret <code className="rounded bg-muted px-1">{OPENROUTER_SECRET}</code>.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {canEdit ? (
          <KeyEditor />
        ) : (
          <p className="text-sm text-muted-foreground">Only an admin can see whether a key is set, or change it.</p>
        )}
      </CardContent>
    </Card>
  );
}

function KeyEditor() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.secrets.list.queryOptions());
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const current = data?.find((s) => s.name === OPENROUTER_SECRET);
  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: async () => {
        toast.success("OpenRouter key removed");
        await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
      },
      onError: (err) => toast.error("The key was not removed", { description: err.message }),
    }),
  );

  if (editing)
    return <SecretForm fixedName={OPENROUTER_SECRET} submitLabel="Save key" onDone={() => setEditing(false)} />;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <KeyRound className="size-4 text-muted-foreground" aria-hidden />
      <span data-testid="openrouter-key-hint" className="mr-auto font-mono text-sm">
        {data === undefined ? (
          "…"
        ) : current ? (
          current.hint
        ) : (
          <span className="font-sans text-muted-foreground">No key set. Add one to use OpenRouter models.</span>
        )}
      </span>
      <Button
        type="button"
        size="sm"
        variant="outline"
        data-testid="openrouter-key-replace"
        onClick={() => setEditing(true)}
      >
        {current ? "Replace" : "Add key"}
      </Button>
      {current && (
        <Button
          type="button"
          size="sm"
          variant="ghost"
          data-testid="openrouter-key-remove"
          disabled={remove.isPending}
          onClick={() => setConfirming(true)}
        >
          Remove
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title="Remove the OpenRouter key?"
        description="OpenRouter models stop working until a key is added again."
        confirmLabel="Remove"
        destructive
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate({ name: OPENROUTER_SECRET });
        }}
      />
    </div>
  );
}
