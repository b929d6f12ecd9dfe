"use client";

import { Loader2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { changePasswordAction } from "@/app/(app)/profile/actions";
import { Field } from "@/components/auth/field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function PasswordSection() {
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    const result = await changePasswordAction(Object.fromEntries(new FormData(form)));
    setPending(false);
    if (result.status === "invalid") return setErrors(result.fieldErrors);
    setErrors({});
    if (result.status === "failed") {
      setErrors({ current: [result.message] });
      return void toast.error(result.message);
    }
    form.reset();
    toast.success("Your password was changed. Use the new one next time you sign in.");
  }

  return (
    <Card data-testid="profile-password">
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>Use at least 10 characters. Your other sessions stay signed in.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <Field
            id="current"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.current?.[0]}
            data-testid="password-current"
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="next"
              label="New password"
              type="password"
              autoComplete="new-password"
              required
              error={errors.next?.[0]}
              data-testid="password-next"
            />
            <Field
              id="confirm"
              label="Repeat the new password"
              type="password"
              autoComplete="new-password"
              required
              error={errors.confirm?.[0]}
              data-testid="password-confirm"
            />
          </div>
          <div>
            <Button type="submit" disabled={pending} data-testid="password-save">
              {pending && <Loader2 className="animate-spin" aria-hidden />}
              Change password
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
