"use client";

import { Bot, Loader2 } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Field } from "@/components/auth/field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That e-mail address and password do not match an account.",
};

/** Only same-site paths are followed after sign-in. */
function safeCallback(value: string | null): string {
  return value?.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(
    params.get("error") ? (MESSAGES[params.get("error")!] ?? "Sign-in failed.") : null,
  );
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!res || res.error) {
      setPending(false);
      setError(MESSAGES[res?.error ?? ""] ?? "Sign-in failed. Try again.");
      return;
    }
    router.replace(safeCallback(params.get("callbackUrl")));
    router.refresh();
  }

  return (
    <Card>
      <CardHeader>
        <Bot className="mb-2 size-8 text-primary" aria-hidden />
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Your local AI agent platform.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4" data-testid="sign-in-form">
          <Field id="email" label="E-mail" type="email" autoComplete="username" required autoFocus />
          <Field id="password" label="Password" type="password" autoComplete="current-password" required />
          {error ? (
            <p
              role="alert"
              className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive"
              data-testid="sign-in-error"
            >
              {error}
            </p>
          ) : null}
          <Button type="submit" disabled={pending} data-testid="sign-in-submit">
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Sign in
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
