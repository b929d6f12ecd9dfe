import { describe, expect, it } from "vitest";
import { currentSetupCode, setupCodeMatches, setupNeedsCode, setupRefusal } from "@/server/auth/setup-code";

/**
 * Issue 22, finding 11: on a fresh install anyone who could reach /setup became the admin. The
 * server now listens on loopback by default; when it listens beyond it, or a proxy forwards the
 * request, creating the first admin takes the one-time code printed to the server's console.
 */
const direct = new Headers();
const proxied = new Headers({ "x-forwarded-for": "203.0.113.7" });

describe("the first-admin setup", () => {
  it("needs no code on loopback, and a code beyond loopback or through a proxy", () => {
    expect(setupNeedsCode(direct, "127.0.0.1")).toBe(false);
    expect(setupNeedsCode(direct, "::1")).toBe(false);
    expect(setupNeedsCode(direct, "0.0.0.0")).toBe(true);
    expect(setupNeedsCode(direct, "192.168.1.20")).toBe(true);
    expect(setupNeedsCode(proxied, "127.0.0.1")).toBe(true);
  });

  it("refuses a missing or wrong code with a sentence and accepts the console's code in any case", () => {
    expect(setupRefusal(direct, undefined, "0.0.0.0")).toMatch(/Enter the setup code printed in the server's console/);
    expect(setupRefusal(direct, "AAAA-BBBB-CCCC", "0.0.0.0")).toMatch(/not right/);
    const code = currentSetupCode();
    expect(code).toMatch(/^[A-Z0-9X]{4}-[A-Z0-9X]{4}-[A-Z0-9X]{4}$/);
    expect(setupRefusal(direct, code, "0.0.0.0")).toBeNull();
    expect(setupRefusal(proxied, code.toLowerCase().replace(/-/g, " "), "127.0.0.1")).toBeNull();
    expect(setupRefusal(direct, undefined, "127.0.0.1")).toBeNull();
    expect(setupCodeMatches("")).toBe(false);
  });
});
