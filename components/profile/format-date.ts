const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(date: Date | string | null | undefined, empty = "Never"): string {
  return date ? formatter.format(new Date(date)) : empty;
}
