import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatDuration,
  originHref,
  shortId,
  statusOf,
  taskDuration,
} from "@/components/tasks/task-format";

describe("task formatting", () => {
  it("formats durations from milliseconds to hours", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(-5)).toBe("–");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1_240)).toBe("1.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(7_440_000)).toBe("2 h 4 min");
  });

  it("measures a running task up to now and a finished one to its end", () => {
    expect(taskDuration({ startedAt: null, finishedAt: null })).toBeNull();
    expect(taskDuration({ startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:02Z" })).toBe(2000);
    expect(taskDuration({ startedAt: new Date(1000), finishedAt: null }, 4000)).toBe(3000);
  });

  it("shortens ids, sizes and unknown statuses", () => {
    expect(shortId("cmabcdefghijklmnop")).toBe("ijklmnop");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(statusOf("weird").label).toBe("Queued");
  });

  it("links an origin to its page", () => {
    expect(originHref("chat", "abc 1")).toBe("/chat?session=abc%201");
    expect(originHref("job", "x")).toBe("/automation?job=x");
    expect(originHref("document", "d/1")).toBe("/knowledge?doc=d%2F1");
    expect(originHref("namespace", "team docs")).toBe("/knowledge?ns=team%20docs");
    expect(originHref("workflow", "w")).toBe("/workflows?workflow=w");
    expect(originHref("unknown", "x")).toBeNull();
    expect(originHref(null, null)).toBeNull();
  });
});
