"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Shown when a page fails; the details stay in the server log (the digest ties them together). */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section
      role="alert"
      data-testid="page-error"
      className="flex flex-col items-center gap-4 rounded-xl border border-dashed px-6 py-12 text-center"
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <TriangleAlert className="size-6" aria-hidden />
      </div>
      <div className="flex max-w-md flex-col gap-1">
        <h1 className="text-lg font-semibold" data-testid="page-title">
          This page could not be shown
        </h1>
        <p className="text-sm text-muted-foreground">
          Something went wrong while loading it. Try again; if it keeps failing, the Logs page has the details.
        </p>
        {error.digest && <p className="font-mono text-xs text-muted-foreground">Reference: {error.digest}</p>}
      </div>
      <Button onClick={reset} data-testid="page-error-retry">
        Try again
      </Button>
    </section>
  );
}
