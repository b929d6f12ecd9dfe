import { describe, expect, it } from "vitest";
import { parseChunk, sseChunkStream } from "@/components/chat/sse-chunks";

async function read(pieces: (string | Uint8Array)[]): Promise<unknown[]> {
  const encoder = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(typeof p === "string" ? encoder.encode(p) : p);
      controller.close();
    },
  });
  const reader = source.pipeThrough(sseChunkStream()).getReader();
  const out: unknown[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) out.push(next.value);
  return out;
}

describe("sseChunkStream", () => {
  it("reads the events the server writes, up to [DONE]", async () => {
    const body =
      'data: {"type":"start","messageId":"a"}\n\ndata: {"type":"text-delta","id":"0","delta":"Hi"}\n\ndata: [DONE]\n\n';
    expect(await read([body])).toEqual([
      { type: "start", messageId: "a" },
      { type: "text-delta", id: "0", delta: "Hi" },
    ]);
  });

  it("joins events split across network reads, also inside a multi-byte character", async () => {
    const bytes = new TextEncoder().encode('data: {"type":"text-delta","id":"0","delta":"é€"}\n\n');
    const pieces = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.slice(i * 3, i * 3 + 3));
    expect(await read(pieces)).toEqual([{ type: "text-delta", id: "0", delta: "é€" }]);
  });

  it("takes CRLF line ends, data without a space, several data lines, comments and other fields", async () => {
    const body = ': keep-alive\r\nevent: message\r\ndata:{"type":\r\ndata: "finish"}\r\n\r\n';
    expect(await read([body])).toEqual([{ type: "finish" }]);
  });

  it("reads a last event the stream ends without a blank line after", async () => {
    expect(await read(['data: {"type":"finish"}'])).toEqual([{ type: "finish" }]);
  });

  it("errors the stream on a chunk that is not JSON", async () => {
    await expect(read(['data: {"type":"text-delta",\n\n'])).rejects.toThrow(/not JSON/);
  });

  it("errors the stream on a chunk with a key that could reach a prototype", async () => {
    await expect(
      read(['data: {"type":"tool-input-available","input":{"__proto__":{"admin":true}}}\n\n']),
    ).rejects.toThrow(/forbidden key/);
  });
});

describe("parseChunk", () => {
  it("wants an object with a string type", () => {
    expect(parseChunk('{"type":"start"}')).toEqual({ type: "start" });
    expect(() => parseChunk("null")).toThrow(/without a type/);
    expect(() => parseChunk('["start"]')).toThrow(/without a type/);
    expect(() => parseChunk('{"type":1}')).toThrow(/without a type/);
  });
});
