import type * as React from "react";
import { cn } from "@/lib/utils";

/**
 * A compact choice for a crowded header (model, agent, team, namespace): a native select, so it
 * stays small and keyboard- and screen-reader-friendly, with a label only screen readers see.
 * The width cap comes from the caller (className), since each header leaves a different room.
 */
export function HeaderSelect({
  id,
  label,
  value,
  onValueChange,
  className,
  children,
  ...props
}: Omit<React.ComponentProps<"select">, "id" | "value" | "onChange"> & {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select
        id={id}
        data-testid={id}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        className={cn("h-9 min-w-0 truncate rounded-md border bg-background px-2 text-sm", className)}
        {...props}
      >
        {children}
      </select>
    </>
  );
}
