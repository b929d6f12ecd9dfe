import { describe, expect, it } from "vitest";
import { recentFailures, recordSignIn, verdictFor } from "@/server/auth/throttle";

describe("sign-in throttle", () => {
  it("lets the first failures through, then doubles the delay up to 10 s, and never locks", () => {
    expect(verdictFor(0)).toEqual({ delayMs: 0 });
    expect(verdictFor(2)).toEqual({ delayMs: 0 });
    expect(verdictFor(3)).toEqual({ delayMs: 250 });
    expect(verdictFor(4)).toEqual({ delayMs: 500 });
    expect(verdictFor(9).delayMs).toBe(10_000);
    expect(verdictFor(500)).toEqual({ delayMs: 10_000 });
  });

  it("counts failures per account and per address, and a success clears the account's", async () => {
    const key = `t${Date.now()}@example.test`;
    for (let i = 0; i < 4; i++) await recordSignIn({ key, ip: "10.0.0.9", ok: false });
    expect(await recentFailures({ key, ip: "127.0.0.2" })).toBe(4);
    expect(await recentFailures({ key: "other@example.test", ip: "10.0.0.9" })).toBe(1);
    await recordSignIn({ key, ip: "10.0.0.9", ok: true });
    expect(await recentFailures({ key, ip: "127.0.0.2" })).toBe(0);
  });
});
