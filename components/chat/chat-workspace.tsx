"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, MessagesSquare } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ChatThread } from "@/components/chat/chat-thread";
import { SessionList } from "@/components/chat/session-list";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

function Conversation({ id }: { id: string }) {
  const trpc = useTRPC();
  // Read once per opening: the thread owns its messages afterwards and reloads them itself.
  const chat = useQuery(
    trpc.chat.get.queryOptions({ id }, { staleTime: Infinity, refetchOnWindowFocus: false, retry: false }),
  );
  if (chat.isPending) {
    return (
      <div className="flex flex-1 flex-col gap-3 p-4">
        <Skeleton className="h-8 w-1/3" />
        <Skeleton className="h-16 w-2/3" />
        <Skeleton className="h-16 w-1/2 self-end" />
      </div>
    );
  }
  if (chat.isError)
    return <EmptyState className="m-4" title="This chat could not be opened" description={chat.error.message} />;
  return (
    <ChatThread
      sessionId={id}
      title={chat.data.session.title}
      initialModelId={chat.data.session.modelId}
      initialAgentId={chat.data.session.agentId}
      initialMessages={chat.data.messages}
      initialAttachments={chat.data.pendingAttachments}
    />
  );
}

/**
 * Sessions on the left, the open conversation on the right; the open session is in the URL. On a
 * phone there is room for one of them: the list until a chat is opened, then the chat with a way back.
 */
export function ChatWorkspace({ initialSessionId }: { initialSessionId: string | null }) {
  const router = useRouter();
  const [selected, setSelected] = useState(initialSessionId);
  const select = (id: string | null) => {
    setSelected(id);
    router.replace(id ? `/chat?session=${encodeURIComponent(id)}` : "/chat", { scroll: false });
  };
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border md:flex-row">
      <SessionList selectedId={selected} onSelect={select} className={selected ? "hidden md:flex" : undefined} />
      <section
        className={cn("min-h-0 min-w-0 flex-1 flex-col", selected ? "flex" : "hidden md:flex")}
        aria-label="Conversation"
      >
        {selected ? (
          <>
            <Button
              variant="ghost"
              size="sm"
              className="self-start md:hidden"
              onClick={() => select(null)}
              data-testid="chat-back"
            >
              <ArrowLeft className="size-4" /> All chats
            </Button>
            <Conversation key={selected} id={selected} />
          </>
        ) : (
          <EmptyState
            className="m-4 flex-1"
            icon={MessagesSquare}
            title="No chat open"
            description="Pick a chat on the left, or start one with New chat."
            data-testid="chat-empty"
          />
        )}
      </section>
    </div>
  );
}
