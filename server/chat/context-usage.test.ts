import { describe, expect, it } from "vitest";
import { estimateTokens } from "@/lib/ai/usage";
import { appendChatMessage } from "@/server/chat/messages";
import { makeUser } from "@/tests/support/auth";

const text = (t: string) => [{ type: "text" as const, text: t }];

describe("the context meter before any model call", () => {
  it("estimates the saved text as estimateTokens counts it, error notices left out", async () => {
    const { caller } = await makeUser();
    const session = await caller.chat.create({ modelId: "compat:nowhere:model" });
    const prompt = await appendChatMessage({ sessionId: session.id, role: "user", parts: text("hello world") });
    await appendChatMessage({
      sessionId: session.id,
      role: "assistant",
      parentId: prompt.id,
      parts: text("Hi! How can I help you today?"),
    });
    await appendChatMessage({
      sessionId: session.id,
      role: "system",
      parentId: prompt.id,
      status: "error",
      error: "x",
      parts: text("The provider failed badly."),
    });
    const usage = await caller.chat.context({ sessionId: session.id });
    expect(usage).toMatchObject({
      estimated: true,
      usedTokens: estimateTokens("hello world") + estimateTokens("Hi! How can I help you today?"),
    });
  });
});
