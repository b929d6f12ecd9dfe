import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { coalesceDeltas } from "@/server/chat/coalesce-stream";

type Part = LanguageModelV4StreamPart;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (delta: string, id = "t"): Part => ({ type: "text-delta", id, delta });

/** Feeds parts with pauses between them (a number in the list is a pause in ms) and collects what comes out, with when. */
async function run(input: (Part | number)[], intervalMs = 10) {
  const stream = new TransformStream<Part, Part>();
  const out: { part: Part; at: number }[] = [];
  const start = performance.now();
  const read = (async () => {
    for await (const part of stream.readable.pipeThrough(coalesceDeltas(intervalMs)) as unknown as AsyncIterable<Part>)
      out.push({ part, at: performance.now() - start });
  })();
  const writer = stream.writable.getWriter();
  for (const item of input) {
    if (typeof item === "number") await sleep(item);
    else await writer.write(item);
  }
  await writer.close();
  await read;
  return out;
}

const joined = (parts: Part[], type: "text-delta" | "reasoning-delta") =>
  parts.map((p) => (p.type === type ? p.delta : "")).join("");

describe("coalesceDeltas", () => {
  it("keeps every character and every other part, in order, while merging a burst", async () => {
    const tokens = Array.from({ length: 500 }, (_, i) => `w${i} `);
    const input: Part[] = [
      { type: "stream-start", warnings: [] },
      { type: "reasoning-start", id: "r" },
      ...tokens.slice(0, 50).map((t): Part => ({ type: "reasoning-delta", id: "r", delta: t })),
      { type: "reasoning-end", id: "r" },
      { type: "text-start", id: "t" },
      ...tokens.map((t) => text(t)),
      { type: "text-end", id: "t" },
      {
        type: "finish",
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
      },
    ];
    const out = (await run(input)).map((o) => o.part);
    expect(joined(out, "text-delta")).toBe(tokens.join(""));
    expect(joined(out, "reasoning-delta")).toBe(tokens.slice(0, 50).join(""));
    expect(out.filter((p) => p.type === "text-delta").length).toBeLessThan(20);
    // Apart from the merged deltas, the same parts in the same order.
    const shape = (parts: Part[]) =>
      parts.map((p) => p.type).filter((t, i, all) => !(t.endsWith("-delta") && all[i - 1] === t));
    expect(shape(out)).toEqual(shape(input));
  });

  it("sends the first delta at once and later ones within the interval", async () => {
    const out = await run([text("first "), 30, text("a "), text("b "), 30, text("c")], 10);
    expect(
      joined(
        out.map((o) => o.part),
        "text-delta",
      ),
    ).toBe("first a b c");
    expect(out[0]!.at).toBeLessThan(10);
    // "a" leaves at once (30 ms after the last send), "b" follows it within the interval.
    expect(out.length).toBeGreaterThanOrEqual(3);
  });

  it("does not merge deltas of different blocks or ones carrying provider metadata", async () => {
    const meta: Part = { type: "text-delta", id: "t", delta: "m", providerMetadata: { x: { y: 1 } } };
    const out = (await run([text("a", "t"), text("b", "t"), text("c", "u"), meta, text("d", "t")], 1000)).map(
      (o) => o.part,
    );
    expect(out).toEqual([text("a", "t"), text("b", "t"), text("c", "u"), meta, text("d", "t")]);
  });
});
