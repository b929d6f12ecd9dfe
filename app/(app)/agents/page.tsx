import { AgentsView } from "@/components/agents/agents-view";
import { idSchema } from "@/lib/validation";
import { getQueryClient, HydrateClient, trpc } from "@/lib/trpc/server";
import { requirePageUser } from "@/server/auth/page";

export const metadata = { title: "Agents" };

export default async function AgentsPage({ searchParams }: { searchParams: Promise<{ agent?: string | string[]; new?: string }> }) {
  const user = await requirePageUser();
  const { agent, new: openNew } = await searchParams;
  const initial = idSchema.safeParse(Array.isArray(agent) ? agent[0] : agent);
  await getQueryClient().prefetchQuery(trpc.agents.list.queryOptions());

  return (
    <HydrateClient>
      <div className="flex min-h-[calc(100dvh-7rem)] flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold" data-testid="page-title">
            Agents
          </h1>
          <p className="text-sm text-muted-foreground">Named instructions, a model and the tools each may use. Create, validate, pause and chat with them.</p>
        </div>
        <AgentsView initialAgentId={initial.success ? initial.data : null} initialNew={openNew === "1"} isAdmin={user.role === "admin"} />
      </div>
    </HydrateClient>
  );
}
