import { describe, expect, it } from "vitest";
import { originHref, shortId, statusOf, taskDuration } from "@/components/tasks/task-format";

describe("task formatting", () => {
  it("measures a running task up to now and a finished one to its end", () => {
    expect(taskDuration({ startedAt: null, finishedAt: null })).toBeNull();
    expect(taskDuration({ startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:02Z" })).toBe(2000);
    expect(taskDuration({ startedAt: new Date(1000), finishedAt: null }, 4000)).toBe(3000);
  });

  it("shortens ids and unknown statuses", () => {
    expect(shortId("cmabcdefghijklmnop")).toBe("ijklmnop");
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
