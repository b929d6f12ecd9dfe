"use client";

import { useMutation } from "@tanstack/react-query";
import { Loader2, UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/auth/field";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/react";

type Role = "admin" | "user";

/** zod issues arrive as the tRPC error's data; turn them into per-field messages. */
function fieldErrorsOf(error: unknown): Record<string, string> {
  const data = (error as { data?: { fieldErrors?: Record<string, string[] | undefined> } }).data;
  const out: Record<string, string> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) if (messages?.[0]) out[key] = messages[0];
  return out;
}

export function UserCreateDialog({ onCreated }: { onCreated: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("user");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`${user.name} can now sign in as ${user.email}.`);
        setOpen(false);
        setErrors({});
        setRole("user");
        await onCreated();
      },
      onError: (error) => {
        setErrors(fieldErrorsOf(error));
        toast.error(error.message);
      },
    }),
  );

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      role,
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button data-testid="user-create-open">
          <UserPlus aria-hidden />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent data-testid="user-create-dialog">
        <DialogHeader>
          <DialogTitle>Add a user</DialogTitle>
          <DialogDescription>
            Give them the e-mail address and password; they can change the password on their Profile page.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <Field
            id="name"
            label="Name"
            autoComplete="off"
            required
            error={errors.name}
            data-testid="user-create-name"
          />
          <Field
            id="email"
            label="E-mail"
            type="email"
            autoComplete="off"
            required
            error={errors.email}
            data-testid="user-create-email"
          />
          <Field
            id="password"
            label="Password (10+ characters)"
            type="password"
            autoComplete="new-password"
            required
            error={errors.password}
            data-testid="user-create-password"
          />
          <div className="grid gap-1.5">
            <Label htmlFor="user-create-role">Role</Label>
            <Select value={role} onValueChange={(v) => setRole(v === "admin" ? "admin" : "user")}>
              <SelectTrigger id="user-create-role" className="w-full" data-testid="user-create-role">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="user">User: uses the platform</SelectItem>
                <SelectItem value="admin">Admin: also manages settings and users</SelectItem>
              </SelectContent>
            </Select>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending} data-testid="user-create-submit">
              {create.isPending && <Loader2 className="animate-spin" aria-hidden />}
              Add user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
