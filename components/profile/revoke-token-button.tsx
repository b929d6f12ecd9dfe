"use client";

import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";

export function RevokeTokenButton({
  token,
  onRevoked,
}: {
  token: { id: string; name: string; prefix: string };
  onRevoked: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(`Token “${token.name}” was revoked.`);
        await onRevoked();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive hover:text-destructive"
          disabled={revoke.isPending}
          data-testid="token-revoke"
        >
          <Trash2 aria-hidden />
          Revoke
        </Button>
      }
      title={`Revoke “${token.name}”?`}
      description={`Programs using lap_${token.prefix}_… stop working at their next request. This cannot be undone.`}
      confirmLabel="Revoke token"
      cancelLabel="Keep it"
      destructive
      confirmTestId="token-revoke-confirm"
      onConfirm={() => revoke.mutate({ id: token.id })}
    />
  );
}
