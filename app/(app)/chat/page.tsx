import { ChatWorkspace } from "@/components/chat/chat-workspace";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";
import { PageHeader } from "@/components/shell/page-header";

export const metadata = { title: "Chat" };

export default async function ChatPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  await requirePageUser();
  const { session } = await searchParams;
  const sessionId = typeof session === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(session) ? session : null;
  await getQueryClient().prefetchQuery(trpc.chat.list.queryOptions({ search: undefined, archived: false }));
  return (
    <HydrateClient>
      <div className="flex h-[calc(100dvh-7rem)] min-h-[28rem] flex-col gap-3">
        <PageHeader className="mb-0" title="Chat" />
        <ChatWorkspace initialSessionId={sessionId} />
      </div>
    </HydrateClient>
  );
}
