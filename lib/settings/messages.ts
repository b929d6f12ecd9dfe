import type { ZodError } from "zod";
import { fieldLabel } from "@/lib/settings/schema";

/** Zod issues as sentences that name the field by its label ("Log retention: Use at most 3650 days."). */
export function describeSettingsIssues(error: ZodError, pathPrefix: readonly PropertyKey[] = []): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.slice(pathPrefix.length).map(String);
      if (path.length === 0) return issue.message;
      if (path.length === 1) return `${path[0]}: ${issue.message}`;
      const label = fieldLabel(`${path[0]}.${path[1]}`);
      const rest = path.slice(2);
      const where =
        rest.length > 0
          ? ` (${/^\d+$/.test(rest[0]!) ? `row ${Number(rest[0]) + 1}` : rest[0]}${rest[1] ? `, ${rest[1]}` : ""})`
          : "";
      return `${label}${where}: ${issue.message}`;
    })
    .join(" ");
}
