import { describe, expect, it } from "vitest";
import { formatBytes, formatCompact, formatDateTime, formatDuration, formatNumber } from "@/lib/format";

describe("formatBytes", () => {
  it("writes each size in the largest unit it reaches", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(20 * 1024)).toBe("20 KB");
    expect(formatBytes(1185376)).toBe("1.1 MB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(formatBytes(2_800_000_000)).toBe("2.6 GB");
  });

  it("writes a dash for a size that is not known", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(undefined)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});

describe("formatDuration", () => {
  it("formats durations from milliseconds to hours", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1_240)).toBe("1.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(7_440_000)).toBe("2 h 4 min");
    expect(formatDuration(7_200_000)).toBe("2 h");
  });

  it("writes a dash for a missing or impossible duration", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(undefined)).toBe("–");
    expect(formatDuration(-5)).toBe("–");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("–");
  });
});

describe("numbers and times", () => {
  it("groups digits and shortens large counts", () => {
    expect(formatNumber(12345)).toBe((12345).toLocaleString());
    expect(formatCompact(999)).toBe("999");
    expect(formatCompact(1234)).toMatch(/^1\.2\s?K$/);
  });

  it("writes a moment, or the caller's word when there is none", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime(undefined, "Never")).toBe("Never");
    expect(formatDateTime("2026-01-05T09:30:00Z")).toMatch(/2026/);
    expect(formatDateTime(new Date("2026-01-05T09:30:00Z"))).toBe(formatDateTime("2026-01-05T09:30:00Z"));
  });
});
