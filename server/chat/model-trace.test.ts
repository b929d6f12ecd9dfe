import { describe, expect, it } from "vitest";
import { registerSecretValue } from "@/lib/redact";
import { MAX_TRACE_CHARS, parseTrace, serializeTrace } from "@/server/chat/model-trace";

describe("serializeTrace", () => {
  it("redacts known secrets and credential patterns but keeps token counts", () => {
    registerSecretValue("vault-secret-abcdef");
    const json = serializeTrace({
      messages: [{ role: "user", content: "key vault-secret-abcdef and sk-abcdefghijklmnopqrstuvwx" }],
      usage: { inputTokens: 12, outputTokens: 3 },
    })!;
    expect(json).not.toContain("vault-secret-abcdef");
    expect(json).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(parseTrace(json)).toMatchObject({ usage: { inputTokens: 12, outputTokens: 3 } });
  });

  it("summarises bytes and inline base64 images instead of storing them", () => {
    const json = serializeTrace({ data: new Uint8Array(5000), images: ["A".repeat(5000)] })!;
    expect(parseTrace(json)).toEqual({ data: "<5000 bytes>", images: ["<base64 data, 5000 characters>"] });
  });

  it("caps a huge trace and says it was cut", () => {
    const parsed = parseTrace(serializeTrace({ text: "word ".repeat(MAX_TRACE_CHARS) })) as {
      truncated: boolean;
      preview: string;
    };
    expect(parsed.truncated).toBe(true);
    expect(parsed.preview).toHaveLength(MAX_TRACE_CHARS);
  });
});
