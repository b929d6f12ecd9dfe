"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";

/** The lifecycle actions of an agent with their toasts; every one refreshes the agents queries. */
export function useAgentActions({
  onDuplicated,
  onDeleted,
}: {
  onDuplicated?: (id: string) => void;
  onDeleted?: () => void;
} = {}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
  const onError = (err: { message: string }) => toast.error(err.message);
  return {
    refresh,
    pause: useMutation(
      trpc.agents.pause.mutationOptions({
        onSuccess: (a) => {
          toast.success(`"${a.name}" is paused.`);
          void refresh();
        },
        onError,
      }),
    ),
    resume: useMutation(
      trpc.agents.resume.mutationOptions({
        onSuccess: (a) => {
          toast.success(`"${a.name}" is active.`);
          void refresh();
        },
        onError,
      }),
    ),
    duplicate: useMutation(
      trpc.agents.duplicate.mutationOptions({
        onSuccess: (a) => {
          toast.success(`Created "${a.name}".`);
          void refresh();
          onDuplicated?.(a.id);
        },
        onError,
      }),
    ),
    remove: useMutation(
      trpc.agents.delete.mutationOptions({
        onSuccess: () => {
          toast.success("Agent deleted.");
          onDeleted?.();
          void refresh();
        },
        onError,
      }),
    ),
    openChat: useMutation(
      trpc.agents.openChat.mutationOptions({
        onSuccess: ({ sessionId }) => router.push(`/chat?session=${encodeURIComponent(sessionId)}`),
        onError,
      }),
    ),
  };
}
