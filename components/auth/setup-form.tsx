"use client";

import { Loader2, Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { toast } from "sonner";
import { createFirstAdminAction } from "@/app/(auth)/setup/actions";
import { Field } from "@/components/auth/field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function SetupForm({ needsCode = false }: { needsCode?: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget));
    setPending(true);
    setMessage(null);
    const result = await createFirstAdminAction(form);
    if (result.status !== "success") {
      setPending(false);
      setErrors(result.status === "invalid" ? result.fieldErrors : {});
      setMessage(result.message);
      return;
    }
    setErrors({});
    await signIn("credentials", { email: result.data.email, password: String(form.password), redirect: false });
    toast.success("Your admin account is ready.");
    router.replace("/");
    router.refresh();
  }

  return (
    <Card>
      <CardHeader>
        <Sparkles className="mb-2 size-8 text-primary" aria-hidden />
        <CardTitle className="text-xl">Welcome</CardTitle>
        <CardDescription>Create the administrator account. This screen appears only once.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4" data-testid="setup-form" noValidate>
          <Field id="name" label="Your name" autoComplete="name" required autoFocus error={errors.name?.[0]} />
          <Field id="email" label="E-mail" type="email" autoComplete="username" required error={errors.email?.[0]} />
          <Field
            id="password"
            label="Password (10+ characters)"
            type="password"
            autoComplete="new-password"
            required
            error={errors.password?.[0]}
          />
          <Field
            id="confirm"
            label="Repeat the password"
            type="password"
            autoComplete="new-password"
            required
            error={errors.confirm?.[0]}
          />
          {needsCode ? (
            <Field
              id="setupCode"
              label="Setup code (printed in the server's console)"
              autoComplete="one-time-code"
              required
              error={errors.setupCode?.[0]}
            />
          ) : null}
          {message ? (
            <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {message}
            </p>
          ) : null}
          <Button type="submit" disabled={pending} data-testid="setup-submit">
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Create admin account
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
