import { describe, expect, it } from "vitest";
import { listSessionModelCalls, recordModelCall } from "@/server/chat/model-calls";
import { db } from "@/server/db";
import { makeUser } from "@/tests/support/auth";

const metrics = {
  ttftMs: 12.5,
  durationMs: 340.25,
  inputTokens: 120,
  outputTokens: 48,
  totalTokens: 168,
  reasoningTokens: null,
  tokensPerSecond: 141.2,
  costUsd: 0.00042,
};

describe("recordModelCall", () => {
  it("writes the row Prisma would have written, read back through Prisma and for the inspector", async () => {
    const { caller, user } = await makeUser();
    const session = await caller.chat.create();
    const before = new Date();
    const { id } = await recordModelCall({
      provider: "ollama",
      model: "ollama:llama3.2:latest",
      sessionId: session.id,
      messageId: "m1",
      agentId: null,
      userId: user.id,
      metrics,
      request: {
        messages: [{ role: "user", content: "hi" }],
        headers: { authorization: "Bearer sk-secret-value-1234567890" },
      },
      response: { text: "hello" },
    });
    const viaPrisma = await db.modelCall.create({
      data: {
        provider: "ollama",
        model: "ollama:llama3.2:latest",
        sessionId: session.id,
        messageId: "m1",
        userId: user.id,
        ttftMs: 12.5,
        durationMs: 340.25,
        inputTokens: 120,
        outputTokens: 48,
        tokensPerSecond: 141.2,
        costUsd: 0.00042,
        ok: true,
      },
    });
    const row = await db.modelCall.findUniqueOrThrow({ where: { id } });
    const shape = ({ id: _i, createdAt: _c, updatedAt: _u, request: _r, response: _s, ...rest }: typeof row) => rest;
    expect(shape(row)).toEqual(shape(viaPrisma));
    expect(row.id).toMatch(/^c[0-9a-z]{20,}$/);
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(row.updatedAt).toEqual(row.createdAt);
    expect(row.request).not.toContain("sk-secret-value");
    const listed = await listSessionModelCalls({ sessionId: session.id, userId: user.id, messageId: "m1" });
    expect(listed.map((c) => c.id)).toEqual([viaPrisma.id, id]);
    expect(listed[1]!.response).toEqual({ text: "hello" });
  });

  it("records a failure with its message, and token counts as whole numbers", async () => {
    const { id } = await recordModelCall({
      provider: "openrouter",
      model: "openrouter:x/y",
      metrics: { ...metrics, ttftMs: null, inputTokens: 10.6, outputTokens: null, costUsd: null },
      error: "The key was refused.",
    });
    const row = await db.modelCall.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      ok: false,
      error: "The key was refused.",
      ttftMs: null,
      inputTokens: 11,
      outputTokens: null,
      costUsd: null,
      sessionId: null,
      request: null,
    });
  });
});
