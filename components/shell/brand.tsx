import { Bot } from "lucide-react";
import Link from "next/link";
import { cn } from "@/lib/utils";

export function Brand({ compact = false, onNavigate }: { compact?: boolean; onNavigate?: () => void }) {
  return (
    <Link
      href="/"
      onClick={onNavigate}
      className={cn(
        "flex items-center gap-2 rounded-md font-semibold outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        compact && "justify-center",
      )}
      aria-label="Local Agent Platform, go to the dashboard"
    >
      <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Bot className="size-4" aria-hidden />
      </span>
      {!compact && <span className="truncate text-sm">Local Agent Platform</span>}
    </Link>
  );
}
