import { Compass } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main
      className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center"
      data-testid="not-found"
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
        <Compass className="size-6" aria-hidden />
      </div>
      <h1 className="text-2xl font-semibold" data-testid="page-title">
        Page not found
      </h1>
      <p className="max-w-sm text-sm text-muted-foreground">
        There is no page at this address. It may have moved, or the link may be mistyped.
      </p>
      <Button asChild>
        <Link href="/">Go to the dashboard</Link>
      </Button>
    </main>
  );
}
