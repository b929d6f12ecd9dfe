"use client";

import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { updateNameAction } from "@/app/(app)/profile/actions";
import { Field } from "@/components/auth/field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";

export function AccountSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data: me } = useSuspenseQuery(trpc.users.me.queryOptions());
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    const result = await updateNameAction({ name: new FormData(e.currentTarget).get("name") });
    setPending(false);
    if (result.status === "invalid") return setError(result.fieldErrors.name?.[0] ?? result.message);
    if (result.status === "failed") return void toast.error(result.message);
    setError(undefined);
    toast.success("Your name was saved.");
    await queryClient.invalidateQueries({ queryKey: trpc.users.me.queryKey() });
    router.refresh();
  }

  return (
    <Card data-testid="profile-account">
      <CardHeader>
        <CardTitle>Account</CardTitle>
        <CardDescription>
          How you appear in the platform. An admin can change your e-mail address or role.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <Field
            id="name"
            label="Name"
            defaultValue={me.name}
            autoComplete="name"
            required
            maxLength={80}
            error={error}
            data-testid="profile-name"
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label>E-mail</Label>
              <p className="truncate text-sm" data-testid="profile-email">
                {me.email}
              </p>
            </div>
            <div className="grid gap-1.5">
              <Label>Role</Label>
              <Badge variant={me.role === "admin" ? "default" : "secondary"} data-testid="profile-role">
                {me.role === "admin" ? "Admin" : "User"}
              </Badge>
            </div>
          </div>
          <div>
            <Button type="submit" disabled={pending} data-testid="profile-name-save">
              {pending && <Loader2 className="animate-spin" aria-hidden />}
              Save name
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
