import { cn } from "@/lib/utils";
import type { TailStatus } from "@/components/log-viewer/use-log-feed";

const LABEL: Record<TailStatus, string> = {
  live: "Live",
  paused: "Paused",
  polling: "Polling",
  connecting: "Connecting",
  off: "Not following",
};

const DOT: Record<TailStatus, string> = {
  live: "bg-success animate-pulse",
  paused: "bg-warning",
  polling: "bg-warning",
  connecting: "bg-muted-foreground",
  off: "bg-muted-foreground/50",
};

const TITLE: Record<TailStatus, string> = {
  live: "New entries appear as they are written.",
  paused: "Scrolled away from the newest entries; new ones wait above.",
  polling: "The live stream is down; checking for new entries every few seconds.",
  connecting: "Connecting to the live stream.",
  off: "The time range ends in the past, so there is nothing new to follow.",
};

export function TailIndicator({ status }: { status: TailStatus }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-muted-foreground"
      title={TITLE[status]}
      data-testid="log-tail-status"
      data-status={status}
    >
      <span className={cn("size-2 rounded-full", DOT[status])} aria-hidden />
      {LABEL[status]}
    </span>
  );
}
