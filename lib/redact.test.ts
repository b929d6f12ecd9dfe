import { describe, expect, it } from "vitest";
import { REDACTED, redact, redactString, registerSecretValue } from "@/lib/redact";

describe("redact", () => {
  it("hides values under sensitive keys at any depth", () => {
    const out = redact({
      user: "ann",
      password: "hunter22",
      nested: { apiKey: "abc123456", list: [{ token: "t0k3n-xyz" }] },
    });
    expect(out).toEqual({ user: "ann", password: REDACTED, nested: { apiKey: REDACTED, list: [{ token: REDACTED }] } });
  });

  it("hides registered secret values and credential-shaped strings anywhere in text", () => {
    registerSecretValue("planted-value-9f8e7d");
    expect(redactString("the key is planted-value-9f8e7d, ok")).toBe(`the key is ${REDACTED}, ok`);
    expect(redactString("Authorization: Bearer abcdefghijklmnop")).toBe(`Authorization: ${REDACTED}`);
    expect(redactString(`token lap_ABCDEFGH_${"a".repeat(32)} used`)).toBe(`token ${REDACTED} used`);
    expect(redactString("key sk-or-v1-0123456789abcdef0123")).toBe(`key ${REDACTED}`);
    expect(redactString("imaps://bob:s3cret@mail.example.com")).toBe(`imaps://bob:${REDACTED}@mail.example.com`);
  });

  it("keeps token counts (usage, limits) but not tokens: a number under a counting name only", () => {
    const usage = {
      inputTokens: 12,
      outputTokens: 3,
      totalTokens: 15,
      reasoningTokens: 0,
      maxOutputTokens: 256,
      max_tokens: 100,
      num_tokens: 7,
      tokenCount: 9,
      token_limit: 4096,
    };
    expect(redact(usage)).toEqual(usage);
    expect(
      redact({
        token: 123456,
        accessToken: "abc123xyz",
        refresh_tokens: ["abcdefgh"],
        inputTokens: "12",
        apiKeyTokens: 5,
      }),
    ).toEqual({
      token: REDACTED,
      accessToken: REDACTED,
      refresh_tokens: REDACTED,
      inputTokens: REDACTED,
      apiKeyTokens: REDACTED,
    });
  });

  it("keeps errors readable without their stack and leaves other values alone", () => {
    expect(redact(new Error("boom planted-value-9f8e7d"))).toEqual({ name: "Error", message: `boom ${REDACTED}` });
    expect(redact({ count: 3, ok: true, when: null })).toEqual({ count: 3, ok: true, when: null });
  });
});
