import { describe, expect, it } from "vitest";
import { nextRunAfter, nextRunTimes } from "@/server/automation/schedule";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("next-run computation", () => {
  it("reads a cron in the job's time zone", () => {
    const from = new Date("2026-11-25T12:00:00Z"); // a Wednesday
    const ny = { type: "cron", cron: "0 9 * * 1-5", timeZone: "America/New_York" } as const;
    expect(iso(nextRunTimes(ny, 5, from))).toEqual([
      "2026-11-25T14:00:00.000Z",
      "2026-11-26T14:00:00.000Z",
      "2026-11-27T14:00:00.000Z",
      "2026-11-30T14:00:00.000Z",
      "2026-12-01T14:00:00.000Z",
    ]);
    const tokyo = { type: "cron", cron: "0 9 * * *", timeZone: "Asia/Tokyo" } as const;
    expect(nextRunAfter(tokyo, from)!.toISOString()).toBe("2026-11-26T00:00:00.000Z");
  });

  it("runs a time skipped when clocks go forward right after the change, once", () => {
    const berlin = { type: "cron", cron: "30 2 * * *", timeZone: "Europe/Berlin" } as const;
    // 29 March 2026: 02:00 CET becomes 03:00 CEST, so 02:30 does not exist that day.
    expect(iso(nextRunTimes(berlin, 3, new Date("2026-03-28T12:00:00Z")))).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
      "2026-03-31T00:30:00.000Z",
    ]);
  });

  it("runs a time repeated when clocks go back once", () => {
    const berlin = { type: "cron", cron: "30 2 * * *", timeZone: "Europe/Berlin" } as const;
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    expect(iso(nextRunTimes(berlin, 2, new Date("2026-10-24T12:00:00Z")))).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("keeps jobs on every hour running through the change", () => {
    const every15 = { type: "cron", cron: "*/15 * * * *", timeZone: "Europe/Berlin" } as const;
    const times = nextRunTimes(every15, 8, new Date("2026-10-25T00:50:00Z"));
    expect(times.every((t, i) => i === 0 || t.getTime() - times[i - 1]!.getTime() === 15 * 60_000)).toBe(true);
  });

  it("keeps an interval on its grid and fires a missed stretch once", () => {
    const t = { type: "interval", seconds: 30 } as const;
    const anchor = new Date("2026-01-01T00:00:00Z");
    expect(nextRunAfter(t, new Date("2026-01-01T00:00:01Z"), anchor)!.toISOString()).toBe("2026-01-01T00:00:30.000Z");
    // Ten minutes late (a restart): the next run is the next grid point, not twenty catch-ups.
    expect(nextRunAfter(t, new Date("2026-01-01T00:10:05Z"), anchor)!.toISOString()).toBe("2026-01-01T00:10:30.000Z");
    expect(iso(nextRunTimes(t, 3, anchor))).toEqual([
      "2026-01-01T00:00:30.000Z",
      "2026-01-01T00:01:00.000Z",
      "2026-01-01T00:01:30.000Z",
    ]);
  });

  it("has no next run for event and manual jobs", () => {
    expect(nextRunAfter({ type: "manual" }, new Date())).toBeNull();
    expect(nextRunTimes({ type: "event", event: "app/x" }, 5)).toEqual([]);
  });
});
