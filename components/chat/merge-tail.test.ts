import { describe, expect, it } from "vitest";
import { mergeThreadTail } from "@/components/chat/merge-tail";
import type { ChatUIMessage } from "@/server/chat/messages";

const m = (id: string, role: ChatUIMessage["role"], text = id): ChatUIMessage => ({
  id,
  role,
  parts: [{ type: "text", text }],
});

describe("mergeThreadTail", () => {
  const before = [m("u1", "user"), m("a1", "assistant")];

  it("swaps the optimistic prompt and streamed answer for the saved ones", () => {
    const shown = [...before, m("tmp-prompt", "user", "hi"), m("tmp-answer", "assistant", "hello")];
    const tail = [m("u2", "user", "hi"), m("a2", "assistant", "hello")];
    expect(mergeThreadTail(shown, tail)).toEqual([...before, ...tail]);
  });

  it("replaces a regenerated prompt's answers from the prompt on", () => {
    const shown = [...before, m("u2", "user"), m("tmp", "assistant")];
    const tail = [m("u2", "user"), m("a2b", "assistant")];
    expect(mergeThreadTail(shown, tail)).toEqual([...before, ...tail]);
  });

  it("drops a prompt that was refused and never saved (the tail starts at the previous prompt)", () => {
    const shown = [...before, m("tmp-prompt", "user")];
    expect(mergeThreadTail(shown, before)).toEqual(before);
  });

  it("an empty session stays empty; a first turn is the tail alone", () => {
    expect(mergeThreadTail([m("tmp", "user")], [])).toEqual([]);
    expect(mergeThreadTail([m("tmp", "user"), m("x", "assistant")], [m("u1", "user"), m("a1", "assistant")])).toEqual([
      m("u1", "user"),
      m("a1", "assistant"),
    ]);
  });
});
