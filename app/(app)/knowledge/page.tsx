import { Suspense } from "react";
import { KnowledgeView } from "@/components/knowledge/knowledge-view";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";
import { PageHeader } from "@/components/shell/page-header";

export const metadata = { title: "Knowledge Base" };

export default async function KnowledgePage() {
  const user = await requirePageUser();
  await getQueryClient().prefetchQuery(trpc.knowledge.namespaces.queryOptions());
  return (
    <HydrateClient>
      <div className="flex flex-col gap-4">
        <PageHeader
          className="mb-0"
          title="Knowledge Base"
          description="Documents that chat and agents search and cite: upload, inspect passages, test retrieval and measure it."
        />
        <Suspense>
          <KnowledgeView user={{ id: user.id, role: user.role }} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
