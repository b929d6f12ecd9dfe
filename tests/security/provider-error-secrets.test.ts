import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { explainProviderError, ProviderError } from "@/lib/ai/provider-errors";
import { registerSecretValue } from "@/lib/redact";

/**
 * Issue 22, finding 6: an upstream that echoed the Authorization header in a 401 body put the
 * OpenRouter key in front of a non-admin user (connection test, chat stream, stored message,
 * inspector, task error, model list). Every provider failure becomes a ProviderError, whose text
 * is redacted when it is made, so none of those sinks can receive the key.
 */
function apiCallError(statusCode: number, responseBody: string) {
  return Object.assign(new Error(`API call failed: ${responseBody}`), {
    name: "AI_APICallError",
    statusCode,
    responseBody,
  });
}

describe("provider errors", () => {
  it("never carry a registered key or a bearer token, whatever the upstream echoes", () => {
    const key = `or-key-${randomBytes(12).toString("hex")}`;
    registerSecretValue(key);
    const echoes = [
      JSON.stringify({ error: { message: `Invalid key: Authorization: Bearer ${key}` } }),
      JSON.stringify({ error: `bad credentials ${key}` }),
      `<html>401 ${key}</html>`,
    ];
    for (const [i, body] of echoes.entries()) {
      const err = explainProviderError(apiCallError(i === 2 ? 500 : 401, body), {
        label: "OpenRouter",
        baseUrl: "https://openrouter.example",
      });
      expect(err).toBeInstanceOf(ProviderError);
      expect(err.message).not.toContain(key);
      expect(JSON.stringify(err.details)).not.toContain(key);
    }
  });

  it("redact unregistered credential patterns too (an sk- key, a bearer token)", () => {
    const err = explainProviderError(
      apiCallError(
        401,
        JSON.stringify({ error: { message: "Authorization: Bearer abcdefgh12345678 sk-ABCDEFGHIJKLMNOPQRSTUV" } }),
      ),
      { label: "An endpoint" },
    );
    expect(err.message).not.toMatch(/abcdefgh12345678|sk-ABCDEFGHIJKLMNOPQRSTUV/);
    expect(err.message).toContain("[REDACTED]");
  });

  it("made directly, redact their message and headline", () => {
    const key = `direct-${randomBytes(8).toString("hex")}`;
    registerSecretValue(key);
    const err = new ProviderError("auth", `refused ${key}`, { retryable: false, headline: `refused ${key}` });
    expect(err.message).toBe("refused [REDACTED]");
    expect(err.details.headline).toBe("refused [REDACTED]");
  });
});
