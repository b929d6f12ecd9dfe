import { describe, expect, it } from "vitest";
import { draftToInput, EMPTY_DRAFT } from "@/components/agents/agent-draft";
import { agentInputSchema } from "@/server/agents/agent-input";

describe("agent form draft", () => {
  it("turns typed text into the input the server validates", () => {
    const input = draftToInput({
      ...EMPTY_DRAFT,
      name: "A",
      role: "R",
      systemPrompt: "P",
      goals: " one \n\n two ",
      temperature: "0.5",
      maxTokens: "",
      tools: ["files_read"],
    });
    expect(input).toMatchObject({
      goals: ["one", "two"],
      temperature: 0.5,
      maxTokens: null,
      maxTurns: 8,
      modelId: null,
      avatar: { kind: "emoji", value: "🤖" },
    });
    expect(agentInputSchema.safeParse(input).success).toBe(true);
  });

  it("keeps a mistyped number so the server can say what is wrong", () => {
    const input = draftToInput({ ...EMPTY_DRAFT, name: "A", role: "R", systemPrompt: "P", maxTurns: "lots" });
    const r = agentInputSchema.safeParse(input);
    expect(r.success).toBe(false);
  });
});
