import type { LogLevel } from "@/lib/log-levels";

/** Level colours of the Logs page spec: DEBUG grey, INFO blue, WARNING amber, ERROR red, CRITICAL bright red. */
export const levelBadgeClass: Record<LogLevel, string> = {
  DEBUG: "bg-muted text-muted-foreground",
  INFO: "bg-blue-500/15 text-blue-700 dark:text-blue-300",
  WARNING: "bg-amber-500/20 text-amber-800 dark:text-amber-300",
  ERROR: "bg-red-500/20 text-red-700 dark:text-red-300",
  CRITICAL: "bg-red-600 text-white",
};

export const levelRowClass: Record<LogLevel, string> = {
  DEBUG: "text-muted-foreground",
  INFO: "",
  WARNING: "",
  ERROR: "bg-red-500/5",
  CRITICAL: "bg-red-500/10",
};
