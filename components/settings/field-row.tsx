import { RotateCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Label } from "@/components/ui/label";

/** Label, control, help text, restart badge and the inline error of one setting. */
export function FieldRow({
  id,
  label,
  help,
  error,
  restartRequired,
  changed,
  children,
}: {
  id: string;
  label: string;
  help: React.ReactNode;
  error?: string;
  restartRequired?: boolean;
  changed?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="grid gap-2 py-4 first:pt-0 last:pb-0 md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)] md:gap-6">
      <div className="flex flex-col gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <Label htmlFor={id}>{label}</Label>
          {changed && (
            <span
              role="img"
              className="size-2 rounded-full bg-primary"
              title="Changed, not applied yet"
              aria-label="Changed, not applied yet"
            />
          )}
        </div>
        {restartRequired && (
          <Badge variant="outline" className="text-muted-foreground">
            <RotateCw aria-hidden />
            Needs a restart
          </Badge>
        )}
      </div>
      <div className="flex min-w-0 flex-col gap-1.5">
        {children}
        {error ? (
          <p id={`${id}-error`} role="alert" data-testid={`${id}-error`} className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <p id={`${id}-help`} className="text-sm text-muted-foreground">
          {help}
        </p>
      </div>
    </div>
  );
}
