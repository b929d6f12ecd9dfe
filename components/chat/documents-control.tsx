"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";
import { HeaderSelect } from "@/components/common/header-select";

/**
 * "Use documents" for one chat, compact enough for the crowded header: a toggle, and while it is
 * on the knowledge-base namespace to search. Both are saved on the session.
 */
export function DocumentsControl({ sessionId, disabled }: { sessionId: string; disabled?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.chat.documents.queryOptions({ sessionId });
  const docs = useQuery({ ...key, staleTime: 30_000 });
  const save = useMutation(
    trpc.chat.setDocuments.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(key.queryKey, (old) => (old ? { ...old, ...saved } : old));
        toast.success(
          saved.useDocuments
            ? `Answers use the documents in "${saved.namespace}" and cite them.`
            : "Documents off: the model answers on its own.",
        );
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const on = docs.data?.useDocuments ?? false;
  const namespace = docs.data?.namespace ?? "default";
  const change = (useDocuments: boolean, ns: string) => save.mutate({ sessionId, useDocuments, namespace: ns });

  return (
    <div className="flex items-center gap-1">
      <Button
        size="sm"
        variant={on ? "secondary" : "ghost"}
        aria-pressed={on}
        aria-label="Use documents"
        disabled={disabled || docs.isPending || save.isPending}
        onClick={() => change(!on, namespace)}
        title={
          on
            ? "Use documents is on: answers search the knowledge base and cite it. Click to turn off."
            : "Use documents: answers search the knowledge base and cite it"
        }
        data-testid="chat-documents-toggle"
      >
        <BookOpen className="size-4" aria-hidden />
        {/* The header is crowded: the word only where there is room; the icon, title and label say it anyway. */}
        <span className="hidden 2xl:inline">Docs</span>
      </Button>
      {on && (
        <HeaderSelect
          id="chat-documents-namespace"
          label="Knowledge-base namespace"
          value={namespace}
          disabled={disabled || save.isPending}
          onValueChange={(value) => change(true, value)}
          className="h-8 max-w-[7.5rem] px-1.5"
        >
          {(docs.data?.namespaces ?? [{ name: namespace, documents: 0 }]).map((ns) => (
            <option key={ns.name} value={ns.name}>
              {ns.name} ({ns.documents})
            </option>
          ))}
        </HeaderSelect>
      )}
    </div>
  );
}
