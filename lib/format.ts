/**
 * How the app writes sizes, durations, counts and times, so the same figure reads the same on
 * every page. A missing value is a dash (or the caller's word for it), never "NaN" or "0".
 */

/** "512 B", "2.0 KB" (one decimal below 10 KB), "20 KB", "1.1 MB", "2.6 GB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** "850 ms", "1.2 s", "42 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalS = Math.round(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m} min${totalS % 60 ? ` ${totalS % 60} s` : ""}`;
  const h = Math.floor(m / 60);
  return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

/** A count with the reader's digit grouping: 12345 -> "12,345". */
export function formatNumber(n: number): string {
  return n.toLocaleString();
}

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

/** A large count in a narrow place: 1234 -> "1.2K", 2500000 -> "2.5M". */
export function formatCompact(n: number): string {
  return compact.format(n);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A moment to the minute ("Jan 5, 2026, 9:30 AM"); `empty` says what a missing one means. */
export function formatDateTime(date: Date | string | null | undefined, empty = "—"): string {
  return date ? dateTime.format(new Date(date)) : empty;
}
