import { AgentsView } from "@/components/agents/agents-view";
import { TeamsPanel } from "@/components/teams/teams-panel";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { idSchema } from "@/lib/validation";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";
import { PageHeader } from "@/components/shell/page-header";

export const metadata = { title: "Agents" };

export default async function AgentsPage({
  searchParams,
}: {
  searchParams: Promise<{ agent?: string | string[]; new?: string; tab?: string }>;
}) {
  const user = await requirePageUser();
  const { agent, new: openNew, tab } = await searchParams;
  const initial = idSchema.safeParse(Array.isArray(agent) ? agent[0] : agent);
  await getQueryClient().prefetchQuery(trpc.agents.list.queryOptions());

  return (
    <HydrateClient>
      <div className="flex min-h-[calc(100dvh-7rem)] flex-col gap-4">
        <PageHeader
          className="mb-0"
          title="Agents"
          description="Named instructions, a model and the tools each may use. Create, validate, pause and chat with them; put them in teams."
        />
        <Tabs defaultValue={tab === "teams" ? "teams" : "agents"} className="flex min-h-0 flex-1 flex-col gap-3">
          <TabsList>
            <TabsTrigger value="agents" data-testid="agents-tab">
              Agents
            </TabsTrigger>
            <TabsTrigger value="teams" data-testid="teams-tab">
              Teams
            </TabsTrigger>
          </TabsList>
          <TabsContent value="agents" className="flex min-h-0 flex-1 flex-col">
            <AgentsView
              initialAgentId={initial.success ? initial.data : null}
              initialNew={openNew === "1"}
              isAdmin={user.role === "admin"}
            />
          </TabsContent>
          <TabsContent value="teams">
            <TeamsPanel />
          </TabsContent>
        </Tabs>
      </div>
    </HydrateClient>
  );
}
