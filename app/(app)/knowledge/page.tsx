import { Suspense } from "react";
import { KnowledgeView } from "@/components/knowledge/knowledge-view";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

export const metadata = { title: "Knowledge Base" };

export default async function KnowledgePage() {
  const user = await requirePageUser();
  await getQueryClient().prefetchQuery(trpc.knowledge.namespaces.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold" data-testid="page-title">
            Knowledge Base
          </h1>
          <p className="text-sm text-muted-foreground">
            Documents that chat and agents search and cite: upload, inspect passages, test retrieval and measure it.
          </p>
        </div>
        <Suspense>
          <KnowledgeView user={{ id: user.id, role: user.role }} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
