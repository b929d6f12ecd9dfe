"use client";

import { useQuery } from "@tanstack/react-query";
import { MessagesSquare } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ChatThread } from "@/components/chat/chat-thread";
import { SessionList } from "@/components/chat/session-list";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/react";

function Conversation({ id }: { id: string }) {
  const trpc = useTRPC();
  // Read once per opening: the thread owns its messages afterwards and reloads them itself.
  const chat = useQuery(trpc.chat.get.queryOptions({ id }, { staleTime: Infinity, refetchOnWindowFocus: false, retry: false }));
  if (chat.isPending) {
    return (
      <div className="flex flex-1 flex-col gap-3 p-4">
        <Skeleton className="h-8 w-1/3" />
        <Skeleton className="h-16 w-2/3" />
        <Skeleton className="h-16 w-1/2 self-end" />
      </div>
    );
  }
  if (chat.isError) return <EmptyState className="m-4" title="This chat could not be opened" description={chat.error.message} />;
  return <ChatThread sessionId={id} title={chat.data.session.title} initialModelId={chat.data.session.modelId} initialAgentId={chat.data.session.agentId} initialMessages={chat.data.messages} initialAttachments={chat.data.pendingAttachments} />;
}

/** Sessions on the left, the open conversation on the right; the open session is in the URL. */
export function ChatWorkspace({ initialSessionId }: { initialSessionId: string | null }) {
  const router = useRouter();
  const [selected, setSelected] = useState(initialSessionId);
  const select = (id: string | null) => {
    setSelected(id);
    router.replace(id ? `/chat?session=${encodeURIComponent(id)}` : "/chat", { scroll: false });
  };
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border md:flex-row">
      <SessionList selectedId={selected} onSelect={select} />
      <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label="Conversation">
        {selected ? (
          <Conversation key={selected} id={selected} />
        ) : (
          <EmptyState className="m-4 flex-1" icon={MessagesSquare} title="No chat open" description="Pick a chat on the left, or start one with New chat." data-testid="chat-empty" />
        )}
      </section>
    </div>
  );
}
