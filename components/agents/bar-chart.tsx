import { cn } from "@/lib/utils";

/**
 * A minimal bar chart drawn with CSS (no chart library): one bar per value, optional stacked
 * second series, hover titles with the exact numbers. Fine for two weeks of daily values.
 */
export function BarChart({
  label,
  points,
  format,
  className,
}: {
  label: string;
  points: { key: string; label: string; value: number; stacked?: number; title?: string }[];
  format: (n: number) => string;
  className?: string;
}) {
  const max = Math.max(1, ...points.map((p) => p.value + (p.stacked ?? 0)));
  return (
    <figure className={cn("flex flex-col gap-1", className)}>
      <figcaption className="flex justify-between text-xs text-muted-foreground">
        <span className="font-medium text-foreground">{label}</span>
        <span>max {format(max)}</span>
      </figcaption>
      <div
        className="flex h-24 items-end gap-0.5 rounded-md border p-1"
        role="img"
        aria-label={`${label}: ${points.map((p) => `${p.label} ${format(p.value + (p.stacked ?? 0))}`).join(", ")}`}
      >
        {points.map((p) => (
          <div
            key={p.key}
            className="flex h-full min-w-0 flex-1 flex-col justify-end"
            title={p.title ?? `${p.label}: ${format(p.value + (p.stacked ?? 0))}`}
          >
            {!!p.stacked && (
              <div
                className="w-full rounded-t-sm bg-destructive/70"
                style={{ height: `${(p.stacked / max) * 100}%` }}
              />
            )}
            <div
              className={cn("w-full bg-primary/70", !p.stacked && "rounded-t-sm")}
              style={{ height: `${(p.value / max) * 100}%` }}
            />
          </div>
        ))}
      </div>
      <div className="flex justify-between text-[10px] text-muted-foreground">
        <span>{points[0]?.label}</span>
        <span>{points.at(-1)?.label}</span>
      </div>
    </figure>
  );
}
