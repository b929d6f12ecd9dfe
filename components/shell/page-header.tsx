import { cn } from "@/lib/utils";

/**
 * Every page's heading (data-testid page-title), its one-line purpose and optional actions.
 * `actionsAlign="end"` sits the actions on the description's line, for a row of counters or
 * small buttons that should read as part of the header rather than hang from the title.
 */
export function PageHeader({
  title,
  description,
  actions,
  actionsAlign = "start",
  className,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  actionsAlign?: "start" | "end";
  className?: string;
}) {
  return (
    <div
      className={cn(
        "mb-6 flex flex-col gap-3 sm:flex-row sm:justify-between",
        actionsAlign === "end" ? "sm:items-end" : "sm:items-start",
        className,
      )}
    >
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="page-title">
          {title}
        </h1>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
