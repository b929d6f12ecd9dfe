import Link from "next/link";
import { LogsTabs } from "@/app/(app)/logs/logs-tabs";
import { LevelCounters } from "@/app/(app)/logs/level-counters";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";
import { getSettings } from "@/server/settings/settings";
import { PageHeader } from "@/components/shell/page-header";

export const metadata = { title: "Logs & Reports" };

export default async function LogsPage() {
  const user = await requirePageUser();
  // Awaited so the counters render the same on the server and on the first client render.
  const [settings] = await Promise.all([getSettings(), getQueryClient().prefetchQuery(trpc.logs.stats.queryOptions())]);
  const isAdmin = user.role === "admin";

  return (
    <HydrateClient>
      <div className="flex h-[calc(100dvh-7rem)] min-h-[32rem] flex-col gap-4">
        <PageHeader
          className="mb-0"
          title="Logs & Reports"
          description={
            <span data-testid="log-retention">
              {isAdmin ? "Every entry of the app" : "Entries caused by your account"}, kept for{" "}
              {settings.system.retentionDays} days.{" "}
              <Link href="/settings/system" className="underline underline-offset-4 hover:text-foreground">
                Change retention in Settings → System
              </Link>
            </span>
          }
          actionsAlign="end"
          actions={<LevelCounters />}
        />
        <LogsTabs isAdmin={isAdmin} />
      </div>
    </HydrateClient>
  );
}
