"use client";

import { useQuery } from "@tanstack/react-query";
import { Check, Copy, SearchCode, X } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useKeyHotkey } from "@/hooks/use-hotkey";
import { formatCost } from "@/lib/ai/usage";
import { useTRPC } from "@/lib/trpc/react";

function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const [copied, setCopied] = useState(false);
  const text = JSON.stringify(value, null, 2) ?? "null";
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast.success(`${label} copied`);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error("The clipboard is not available here; select the text instead.");
    }
  };
  return (
    <div className="relative">
      <Button
        type="button"
        size="sm"
        variant="outline"
        className="absolute top-2 right-2 h-7"
        onClick={() => void copy()}
        aria-label={`Copy ${label}`}
      >
        {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />} Copy
      </Button>
      <pre
        className="max-h-[60vh] overflow-auto rounded-md border bg-muted/40 p-3 pt-10 text-xs leading-relaxed whitespace-pre-wrap break-all"
        data-testid={`inspector-${label.toLowerCase()}`}
      >
        {text}
      </pre>
    </div>
  );
}

/**
 * The chat inspector: for the chosen answer (or every call of the session) the exact request
 * sent to the model and the raw response, as recorded on its ModelCall.
 */
export function InspectorPanel({
  sessionId,
  messageId,
  turn,
  onClose,
  onShowAll,
}: {
  sessionId: string;
  messageId: string | null;
  turn: number;
  onClose: () => void;
  onShowAll: () => void;
}) {
  const trpc = useTRPC();
  const calls = useQuery(
    trpc.chat.inspect.queryOptions(
      { sessionId, messageId: messageId ?? undefined },
      { staleTime: 0, refetchOnWindowFocus: false },
    ),
  );
  const { refetch } = calls;
  useEffect(() => {
    if (turn > 0) void refetch();
  }, [turn, refetch]);
  useKeyHotkey("Escape", onClose);

  return (
    <aside
      className="fixed inset-0 z-40 flex flex-col bg-background md:absolute md:inset-y-0 md:right-0 md:left-auto md:z-20 md:w-[28rem] md:max-w-full md:border-l md:shadow-xl 2xl:static 2xl:shrink-0 2xl:shadow-none"
      aria-label="Inspector"
      data-testid="chat-inspector"
    >
      <header className="flex items-center justify-between gap-2 border-b px-4 py-2">
        <h3 className="flex items-center gap-2 font-medium">
          <SearchCode className="size-4" aria-hidden /> Inspector
        </h3>
        <div className="flex items-center gap-2">
          {messageId && (
            <button type="button" className="text-xs underline underline-offset-2" onClick={onShowAll}>
              All calls
            </button>
          )}
          <Button
            size="icon"
            variant="ghost"
            onClick={onClose}
            aria-label="Close the inspector (Esc or Ctrl+I)"
            title="Close (Esc or Ctrl+I)"
          >
            <X className="size-4" />
          </Button>
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto p-4">
        {calls.isPending && <Skeleton className="h-40 w-full" />}
        {calls.isError && <EmptyState title="The calls could not be loaded" description={calls.error.message} />}
        {calls.data?.length === 0 && (
          <EmptyState
            icon={SearchCode}
            title="No model calls yet"
            description="Send a message: each answer's request and raw response appear here."
          />
        )}
        <ol className="flex flex-col gap-6">
          {calls.data?.map((call) => (
            <li key={call.id} data-testid="inspector-call" className="flex flex-col gap-2">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                <span className="font-medium text-foreground">{call.model}</span>
                <span className={call.ok ? "text-emerald-600 dark:text-emerald-400" : "text-destructive"}>
                  {call.ok ? "ok" : "error"}
                </span>
                <span>{new Date(call.createdAt).toLocaleTimeString()}</span>
                {call.inputTokens !== null && (
                  <span>
                    {call.inputTokens} in / {call.outputTokens ?? "?"} out
                  </span>
                )}
                <span>{Math.round(call.durationMs)} ms</span>
                {formatCost(call.costUsd) && <span>{formatCost(call.costUsd)}</span>}
              </div>
              {call.error && <p className="text-xs text-destructive">{call.error}</p>}
              <Tabs defaultValue="request">
                <TabsList>
                  <TabsTrigger value="request">Request</TabsTrigger>
                  <TabsTrigger value="response">Response</TabsTrigger>
                </TabsList>
                <TabsContent value="request">
                  <JsonBlock value={call.request} label="Request" />
                </TabsContent>
                <TabsContent value="response">
                  <JsonBlock value={call.response} label="Response" />
                </TabsContent>
              </Tabs>
            </li>
          ))}
        </ol>
      </div>
    </aside>
  );
}
