import { Construction } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { NAV_PAGES } from "@/lib/navigation";

/** A page that is in the navigation but not built yet; it says so plainly and what it will do. */
export function PlannedPage({ href }: { href: string }) {
  const page = NAV_PAGES.find((p) => p.href === href);
  if (!page) notFound();
  const Icon = page.icon;
  return (
    <>
      <PageHeader title={page.title} />
      <section
        data-testid="planned-page"
        className="flex flex-col items-center gap-4 rounded-xl border border-dashed px-6 py-12 text-center"
      >
        <div className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <Icon className="size-6" aria-hidden />
        </div>
        <div className="flex max-w-md flex-col gap-2">
          <p className="flex items-center justify-center gap-2 font-medium">
            <Construction className="size-4 text-warning" aria-hidden />
            This page is not built yet.
          </p>
          <p className="text-sm text-muted-foreground">{page.description}</p>
          {page.issue ? (
            <p className="text-sm" data-testid="planned-issue">
              Arrives with issue #{page.issue}.
            </p>
          ) : (
            <p className="text-sm text-muted-foreground">It is planned for a later issue.</p>
          )}
        </div>
        <Button asChild variant="outline" size="sm">
          <Link href="/">Back to the dashboard</Link>
        </Button>
      </section>
    </>
  );
}

export function plannedMetadata(href: string) {
  return { title: NAV_PAGES.find((p) => p.href === href)?.title };
}
