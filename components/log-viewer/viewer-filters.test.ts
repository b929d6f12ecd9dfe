import { describe, expect, it } from "vitest";
import { exportUrl, toLogFilters, DEFAULT_VIEWER_FILTERS } from "@/components/log-viewer/viewer-filters";
import { parseExportParams } from "@/server/logs/export-params";

describe("viewer filters", () => {
  it("turns presets into absolute times anchored when chosen", () => {
    const anchor = Date.parse("2026-03-10T12:00:00Z");
    expect(toLogFilters({ ...DEFAULT_VIEWER_FILTERS, range: "1h" }, anchor).from?.toISOString()).toBe(
      "2026-03-10T11:00:00.000Z",
    );
    expect(toLogFilters({ ...DEFAULT_VIEWER_FILTERS, range: "7d" }, anchor).from?.toISOString()).toBe(
      "2026-03-03T12:00:00.000Z",
    );
    expect(toLogFilters(DEFAULT_VIEWER_FILTERS, anchor)).toEqual({});
    expect(toLogFilters({ ...DEFAULT_VIEWER_FILTERS, q: "  " }, anchor, { taskId: "t1" })).toEqual({ taskId: "t1" });
  });

  it("builds export URLs the export route reads back to the same filters", () => {
    const filters = {
      levels: ["ERROR", "CRITICAL"] as ("ERROR" | "CRITICAL")[],
      subsystems: ["rag", "mail"],
      from: new Date("2026-01-01T00:00:00Z"),
      to: new Date("2026-01-02T00:00:00Z"),
      q: 'disk "full" & more',
      taskId: "task-1",
    };
    const url = new URL(exportUrl("csv", filters), "http://localhost");
    expect(url.pathname).toBe("/api/logs/export");
    expect(parseExportParams(url.searchParams)).toEqual({ format: "csv", filters });
  });
});
