import { describe, expect, it } from "vitest";
import { assertFetchableUrl, isBlockedAddress } from "@/server/ai/tools/net-guard";

describe("isBlockedAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::10.0.0.1",
    "[::1]",
    "not-an-ip",
  ])("blocks %s", (ip) => expect(isBlockedAddress(ip)).toBe(true));

  it.each(["1.1.1.1", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "lets %s through",
    (ip) => expect(isBlockedAddress(ip)).toBe(false),
  );
});

describe("assertFetchableUrl", () => {
  it("refuses other schemes, credentials and private IP literals, including encoded forms", () => {
    expect(() => assertFetchableUrl("file:///etc/passwd", [])).toThrow(/Only http/);
    expect(() => assertFetchableUrl("ftp://example.com/", [])).toThrow(/Only http/);
    expect(() => assertFetchableUrl("http://user:pw@example.com/", [])).toThrow(/user name/);
    expect(() => assertFetchableUrl("not a url", [])).toThrow(/not a URL/);
    for (const url of [
      "http://127.0.0.1/",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://[::1]:8080/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:10.0.0.1]/",
    ]) {
      expect(() => assertFetchableUrl(url, []), url).toThrow(/Refused/);
    }
  });

  it("allows an allow-listed private host", () => {
    expect(assertFetchableUrl("http://127.0.0.1:3000/x", ["127.0.0.1"]).port).toBe("3000");
  });
});
