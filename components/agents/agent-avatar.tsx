import { cn } from "@/lib/utils";
import type { AgentRow } from "@/components/agents/agent-format";

/** An agent's emoji, or its initials on its colour. */
export function AgentAvatar({ avatar, className }: { avatar: AgentRow["avatar"]; className?: string }) {
  if (avatar.kind === "emoji") {
    return (
      <span
        className={cn("flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-base", className)}
        aria-hidden
      >
        {avatar.value}
      </span>
    );
  }
  return (
    <span
      className={cn(
        "flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold text-white",
        className,
      )}
      style={{ backgroundColor: avatar.color }}
      aria-hidden
    >
      {avatar.value.toUpperCase()}
    </span>
  );
}
