"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { toast } from "sonner";
import { useEventStream } from "@/hooks/use-event-stream";
import { useTRPC } from "@/lib/trpc/react";
import type { ChatUIMessage } from "@/server/chat/messages";

const REFRESH_MS = 150;

/**
 * A chat's team: which team answers, its latest run (the checklist), and live updates. While a
 * run goes, every `team:<session>` progress event reloads the run and the saved thread (debounced),
 * so each member's message appears as it is written. `busy` holds the thread reload while the
 * chat itself streams.
 */
export function useTeamSession(
  sessionId: string,
  options: { onMessages: (messages: ChatUIMessage[]) => void; busy: boolean },
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.teams.session.queryOptions({ sessionId }));
  const setTeam = useMutation(trpc.teams.setSessionTeam.mutationOptions());
  const stop = useMutation(trpc.teams.stop.mutationOptions());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.teams.session.queryKey({ sessionId }) });
    if (optionsRef.current.busy) return;
    const fresh = await queryClient.fetchQuery(trpc.chat.get.queryOptions({ id: sessionId }, { staleTime: 0 }));
    optionsRef.current.onMessages(fresh.messages);
  };
  const scheduleRefresh = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void refresh();
    }, REFRESH_MS);
  };
  const running = state.data?.run?.status === "queued" || state.data?.run?.status === "running";
  useEventStream(
    ["progress"],
    (event) => {
      if (event.topic === "progress" && (event.data as { key?: string }).key === `team:${sessionId}`) scheduleRefresh();
    },
    { enabled: !!state.data?.teamId || running, onPoll: running ? refresh : undefined, onGap: () => void refresh() },
  );

  return {
    teamId: state.data?.teamId ?? null,
    run: state.data?.run ?? null,
    running,
    refresh,
    changeTeam: (teamId: string | null) =>
      setTeam.mutate(
        { sessionId, teamId },
        {
          onSuccess: () => {
            toast.success(
              teamId
                ? "The team answers from now on: each message is a goal for it."
                : "No team: the agent or model answers again.",
            );
            void queryClient.invalidateQueries({ queryKey: trpc.teams.session.queryKey({ sessionId }) });
          },
          onError: (e) => toast.error(e.message),
        },
      ),
    stop: () => stop.mutate({ sessionId }, { onSuccess: () => void refresh(), onError: (e) => toast.error(e.message) }),
    stopping: stop.isPending,
  };
}
