import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NAV_PAGES } from "@/lib/navigation";
import { requirePageUser } from "@/server/auth/page";

export const metadata = { title: "Dashboard" };

const DELIVERED = ["/chat", "/agents", "/tasks", "/knowledge", "/automation", "/logs", "/settings", "/profile"];

export default async function DashboardPage() {
  const user = await requirePageUser();
  const ready = DELIVERED.map((href) => NAV_PAGES.find((p) => p.href === href)!);
  const coming = NAV_PAGES.filter((p) => p.href !== "/" && !DELIVERED.includes(p.href));
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome, ${user.name}. The health of the machine, the models and the work will show here; for now, start with these.`}
      />

      <section aria-labelledby="ready-heading" className="flex flex-col gap-3">
        <h2 id="ready-heading" className="text-sm font-medium text-muted-foreground">
          Ready to use
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {ready.map((page) => {
            const Icon = page.icon;
            return (
              <Link
                key={page.href}
                href={page.href}
                data-testid={`dashboard-card-${page.href.slice(1)}`}
                className="group rounded-xl outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <Card className="h-full transition-colors group-hover:border-primary/50">
                  <CardHeader>
                    <CardTitle className="flex items-center gap-2">
                      <Icon className="size-4 text-primary" aria-hidden />
                      {page.title}
                      <ArrowRight
                        className="ml-auto size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5"
                        aria-hidden
                      />
                    </CardTitle>
                    <CardDescription>{page.description}</CardDescription>
                  </CardHeader>
                </Card>
              </Link>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="coming-heading" className="mt-8 flex flex-col gap-3">
        <h2 id="coming-heading" className="text-sm font-medium text-muted-foreground">
          Coming next
        </h2>
        <ul className="grid gap-2 sm:grid-cols-2">
          {coming.map((page) => {
            const Icon = page.icon;
            return (
              <li key={page.href}>
                <Link
                  href={page.href}
                  className="flex items-start gap-3 rounded-lg border px-3 py-2.5 text-sm outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                  <span className="flex min-w-0 flex-col">
                    <span className="font-medium">{page.title}</span>
                    <span className="text-muted-foreground">{page.description}</span>
                  </span>
                  {page.issue && (
                    <Badge variant="outline" className="ml-auto">
                      #{page.issue}
                    </Badge>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
