import { AutomationView } from "@/components/automation/automation-view";
import { idSchema } from "@/lib/validation";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

export const metadata = { title: "Automation" };

export default async function AutomationPage({ searchParams }: { searchParams: Promise<{ job?: string | string[] }> }) {
  const user = await requirePageUser();
  const { job } = await searchParams;
  const initial = idSchema.safeParse(Array.isArray(job) ? job[0] : job);
  await getQueryClient().prefetchQuery(trpc.automation.list.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold" data-testid="page-title">
            Automation
          </h1>
          <p className="text-sm text-muted-foreground">
            {user.role === "admin"
              ? "Scheduled, interval, event and manual jobs; each run is a task."
              : "Your scheduled agent jobs; each run is a task."}
          </p>
        </div>
        <AutomationView user={{ id: user.id, role: user.role }} initialJobId={initial.success ? initial.data : null} />
      </div>
    </HydrateClient>
  );
}
