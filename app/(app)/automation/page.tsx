import { AutomationView } from "@/components/automation/automation-view";
import { idSchema } from "@/lib/validation";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";
import { PageHeader } from "@/components/shell/page-header";

export const metadata = { title: "Automation" };

export default async function AutomationPage({ searchParams }: { searchParams: Promise<{ job?: string | string[] }> }) {
  const user = await requirePageUser();
  const { job } = await searchParams;
  const initial = idSchema.safeParse(Array.isArray(job) ? job[0] : job);
  await getQueryClient().prefetchQuery(trpc.automation.list.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-4">
        <PageHeader
          className="mb-0"
          title="Automation"
          description={
            user.role === "admin"
              ? "Scheduled, interval, event and manual jobs; each run is a task."
              : "Your scheduled agent jobs; each run is a task."
          }
        />
        <AutomationView user={{ id: user.id, role: user.role }} initialJobId={initial.success ? initial.data : null} />
      </div>
    </HydrateClient>
  );
}
