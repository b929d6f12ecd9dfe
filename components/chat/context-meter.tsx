"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { contextShare } from "@/lib/ai/usage";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en");

/** Green under 60 %, amber under 85 %, red beyond: time to start a new chat or summarise. */
function tone(share: number): string {
  if (share < 0.6) return "bg-emerald-500";
  if (share < 0.85) return "bg-amber-500";
  return "bg-red-500";
}

/**
 * Tokens the conversation occupies against the model's context window, as a small bar. `turn`
 * changes after every answer so the figure follows the conversation.
 */
export function ContextMeter({
  sessionId,
  modelId,
  turn,
}: {
  sessionId: string;
  modelId: string | null;
  turn: number;
}) {
  const trpc = useTRPC();
  const usage = useQuery(
    trpc.chat.context.queryOptions(
      { sessionId, modelId: modelId ?? undefined },
      { staleTime: 30_000, refetchOnWindowFocus: false },
    ),
  );
  const { refetch } = usage;
  useEffect(() => {
    if (turn > 0) void refetch();
  }, [turn, refetch]);
  if (!usage.data) return null;
  const { usedTokens, contextLength, estimated } = usage.data;
  const share = contextShare(usedTokens, contextLength);
  const label = contextLength
    ? `${full.format(usedTokens)} of ${full.format(contextLength)} tokens in use (${Math.round((share ?? 0) * 100)} %), ${full.format(Math.max(0, contextLength - usedTokens))} left`
    : `${full.format(usedTokens)} tokens in use; the model does not report its context window`;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        {/* biome-ignore lint/a11y/useSemanticElements: a bar with its figures beside it, which a native <meter> cannot contain */}
        <div
          className="flex items-center gap-2 text-xs text-muted-foreground"
          data-testid="chat-context-meter"
          data-share={share ?? ""}
          aria-label={label}
          role="meter"
          aria-valuenow={usedTokens}
          aria-valuemin={0}
          aria-valuemax={contextLength ?? undefined}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can open its tooltip (the breakdown)
          tabIndex={0}
        >
          <div className="h-2 w-14 overflow-hidden rounded-full bg-muted">
            <div
              className={cn(
                "h-full rounded-full transition-[width]",
                share === null ? "bg-muted-foreground/40" : tone(share),
              )}
              style={{ width: `${Math.max(2, Math.round((share ?? 0) * 100))}%` }}
            />
          </div>
          <span className="tabular-nums">
            {estimated ? "~" : ""}
            {compact.format(usedTokens)}
            {contextLength ? ` / ${compact.format(contextLength)}` : ""}
          </span>
        </div>
      </TooltipTrigger>
      <TooltipContent>
        {label}
        {estimated ? ". Estimated from the text until the model reports its usage." : "."}
      </TooltipContent>
    </Tooltip>
  );
}
