"use client";

import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";

export function UserDeleteButton({
  user,
  disabled,
  onDeleted,
}: {
  user: { id: string; name: string; email: string };
  disabled?: boolean;
  onDeleted: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const remove = useMutation(
    trpc.users.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`${user.name} was deleted.`);
        await onDeleted();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant="ghost"
          size="icon"
          className="text-destructive hover:text-destructive"
          disabled={disabled || remove.isPending}
          aria-label={`Delete ${user.name}`}
          title={disabled ? "You cannot delete your own account." : `Delete ${user.name}`}
          data-testid="user-delete"
        >
          <Trash2 aria-hidden />
        </Button>
      }
      title={`Delete ${user.name}?`}
      description={`${user.email} will no longer be able to sign in, and their API tokens stop working. This cannot be undone.`}
      confirmLabel="Delete user"
      cancelLabel="Keep"
      destructive
      confirmTestId="user-delete-confirm"
      onConfirm={() => remove.mutate({ id: user.id })}
    />
  );
}
