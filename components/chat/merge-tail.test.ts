import { describe, expect, it } from "vitest";
import { mergeThreadTail, settleTurn } from "@/components/chat/merge-tail";
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

describe("settleTurn", () => {
  const saved = (id: string, parentId: string, parts: ChatUIMessage["parts"] = [{ type: "text", text: "hello" }]) => ({
    id,
    role: "assistant" as const,
    parts,
    metadata: {
      status: "done" as const,
      model: "ollama:x",
      parentId,
      inputTokens: 3,
      outputTokens: 5,
      latencyMs: 12,
      costUsd: null,
      error: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    },
  });
  const before = [m("u1", "user"), m("a1", "assistant")];

  it("keeps the streamed answer (already under its saved id) and gives the prompt its saved id", () => {
    const answer = saved("a2", "u2");
    expect(settleTurn([...before, m("tmp-prompt", "user", "hi"), answer])).toEqual([
      ...before,
      m("u2", "user", "hi"),
      answer,
    ]);
  });

  it("reads back when the answer did not arrive whole: stopped or failed before its saved metadata", () => {
    expect(settleTurn([...before, m("tmp", "user"), m("a2", "assistant")])).toBeNull();
    expect(settleTurn([...before, m("tmp", "user")])).toBeNull();
  });

  it("reads back what was completed when saved: tool calls, sources, notices", () => {
    const notice = { type: "data-notice" as const, data: { text: "Stopped after 4 turns." } };
    expect(
      settleTurn([...before, m("tmp", "user"), saved("a2", "u2", [{ type: "text", text: "x" }, notice])]),
    ).toBeNull();
  });

  it("reads back the chat's first turn, which names the chat", () => {
    expect(settleTurn([m("tmp", "user"), saved("a1", "u1")])).toBeNull();
  });
});
