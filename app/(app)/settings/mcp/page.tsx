import { McpServers } from "@/components/settings/mcp-servers";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

export default async function McpSettingsPage() {
  const user = await requirePageUser();
  if (user.role !== "admin") return <p className="text-sm text-muted-foreground">MCP servers are managed by admins.</p>;
  await getQueryClient().prefetchQuery(trpc.mcp.list.queryOptions());
  return (
    <HydrateClient>
      <McpServers />
    </HydrateClient>
  );
}
