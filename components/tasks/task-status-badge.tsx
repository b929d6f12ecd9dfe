import { cn } from "@/lib/utils";
import { statusOf } from "@/components/tasks/task-format";

export function TaskStatusBadge({ status, className }: { status: string; className?: string }) {
  const style = statusOf(status);
  return (
    <span
      className={cn(
        "inline-flex w-fit items-center gap-1.5 rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        style.badge,
        className,
      )}
      data-status={status}
    >
      <span className={cn("size-1.5 rounded-full", style.dot, status === "running" && "animate-pulse")} aria-hidden />
      {style.label}
    </span>
  );
}
