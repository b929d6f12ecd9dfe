import { describe, expect, it } from "vitest";
import { compileExpression, matchesExpression } from "./cel";
import { nextCronTime, parseCron } from "./cron";
import { durationMs, resolveTime } from "./duration";
import { canonicalJson } from "./jcs";

describe("CEL subset", () => {
  const event = { name: "a/b", data: { id: "x", n: 5, tags: ["red"], user: { plan: "pro" } } };
  it.each([
    ["event.data.id == async.data.id", true],
    ["event.data.n > 3 && event.data.n <= 5", true],
    ["event.data.n > 3 && !(event.data.user.plan == 'pro')", false],
    ["event.data.missing == 1", false],
    ["event.data.missing != 1", false],
    ["has(event.data.user.plan) && !has(event.data.user.nope)", true],
    ["'red' in event.data.tags || false", true],
    ['size(event.data.tags) == 1 && event.data.id.startsWith("x")', true],
    ["event.data['id'] + '-1' == 'x-1'", true],
    ["event.data.n * 2 - 1 == 9 ? true : false", true],
    ["event.name.matches('^a/')", true],
  ])("%s -> %s", (expr, expected) => {
    expect(matchesExpression(expr, { event, async: { data: { id: "x" } } })).toBe(expected);
  });

  it("rejects what it cannot evaluate with a readable reason", () => {
    expect(() => compileExpression("event.data.x.exists_one(y, y > 1)")).toThrow(/exists_one.*not supported/);
    expect(() => compileExpression("event.data.x ==")).toThrow(/cannot be evaluated/);
    expect(() => compileExpression("event.data.x = 1")).toThrow();
  });
});

describe("cron", () => {
  it("follows the wall clock of a time zone, across daylight saving time", () => {
    const s = parseCron("TZ=Europe/Paris 0 9 * * *");
    // 2026-03-28 is CET (UTC+1); 2026-03-30 is CEST (UTC+2).
    expect(new Date(nextCronTime(s, Date.parse("2026-03-28T00:00:00Z"))).toISOString()).toBe(
      "2026-03-28T08:00:00.000Z",
    );
    expect(new Date(nextCronTime(s, Date.parse("2026-03-29T12:00:00Z"))).toISOString()).toBe(
      "2026-03-30T07:00:00.000Z",
    );
  });

  it("supports steps, ranges, names and macros", () => {
    const after = Date.parse("2026-01-01T00:00:30Z");
    expect(new Date(nextCronTime(parseCron("*/15 * * * *"), after)).toISOString()).toBe("2026-01-01T00:15:00.000Z");
    expect(new Date(nextCronTime(parseCron("0 12 * * MON-FRI"), after)).toISOString()).toBe("2026-01-01T12:00:00.000Z");
    expect(new Date(nextCronTime(parseCron("0 0 1 FEB *"), after)).toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(new Date(nextCronTime(parseCron("@hourly"), after)).toISOString()).toBe("2026-01-01T01:00:00.000Z");
    expect(new Date(nextCronTime(parseCron("TZ=Asia/Kolkata 30 5 * * *"), after)).toISOString()).toBe(
      "2026-01-02T00:00:00.000Z",
    );
  });

  it("explains bad schedules", () => {
    expect(() => parseCron("61 * * * *")).toThrow(/outside 0-59/);
    expect(() => parseCron("* * *")).toThrow(/5 fields/);
    expect(() => parseCron("TZ=Mars/Base * * * * *")).toThrow(/unknown time zone/);
  });
});

describe("durations and canonical JSON", () => {
  it("parses SDK time strings and dates", () => {
    expect(durationMs("1h30m")).toBe(5_400_000);
    expect(durationMs("2s")).toBe(2000);
    expect(durationMs("1.5d")).toBe(129_600_000);
    expect(durationMs("soon")).toBeNull();
    expect(resolveTime("2030-01-01T00:00:00.000Z", 0)).toBe(Date.parse("2030-01-01T00:00:00Z"));
  });

  it("sorts keys and drops undefined like RFC 8785", () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: "é", c: undefined }], "\u00e9": 1e21 })).toBe(
      '{"a":[null,{"d":"é"}],"b":1,"é":1e+21}',
    );
  });
});
