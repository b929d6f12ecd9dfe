import type { UIMessageChunk } from "ai";
import { parseJsonSafely } from "@/lib/safe-json";

/**
 * The chat answer's server-sent events ("data: {json}" and a blank line each, "data: [DONE]" at
 * the end) turned into UI message chunks in one stream stage. The AI SDK's default takes four
 * stages (text decoding, SSE parsing, JSON parsing with a zod check of every chunk against the
 * union of all chunk types, unwrapping), each a few promise hops per network read: time spent
 * between the first token's bytes arriving and the page rendering it. The server is our own
 * route, so each chunk is only checked to be an object with a string `type` (and, as the AI SDK
 * does, to carry no key that could reach a prototype); anything else errors the stream, which
 * the chat shows like any failed request.
 */
export function sseChunkStream(): TransformStream<Uint8Array, UIMessageChunk> {
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];

  const dispatch = (controller: TransformStreamDefaultController<UIMessageChunk>) => {
    if (data.length === 0) return;
    const text = data.join("\n");
    data = [];
    if (text === "[DONE]") return;
    controller.enqueue(parseChunk(text));
  };

  const lines = (controller: TransformStreamDefaultController<UIMessageChunk>, final: boolean) => {
    let start = 0;
    for (;;) {
      const end = buffer.indexOf("\n", start);
      if (end === -1) break;
      readLine(buffer.slice(start, buffer[end - 1] === "\r" ? end - 1 : end), controller);
      start = end + 1;
    }
    buffer = buffer.slice(start);
    if (final) {
      if (buffer !== "") readLine(buffer, controller);
      buffer = "";
      dispatch(controller);
    }
  };

  const readLine = (line: string, controller: TransformStreamDefaultController<UIMessageChunk>) => {
    if (line === "") return dispatch(controller);
    // Other fields (event, id, retry) and comments carry nothing the chat uses.
    if (line.startsWith("data:")) data.push(line.slice(line[5] === " " ? 6 : 5));
  };

  return new TransformStream({
    transform(bytes, controller) {
      buffer += decoder.decode(bytes, { stream: true });
      lines(controller, false);
    },
    flush(controller) {
      buffer += decoder.decode();
      lines(controller, true);
    },
  });
}

export function parseChunk(text: string): UIMessageChunk {
  let value: unknown;
  try {
    value = parseJsonSafely(text);
  } catch (err) {
    const why =
      err instanceof SyntaxError && err.message.includes("forbidden") ? "with a forbidden key" : "that is not JSON";
    throw new Error(`The chat stream sent a chunk ${why}: ${text.slice(0, 200)}`);
  }
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    throw new Error(`The chat stream sent a chunk without a type: ${text.slice(0, 200)}`);
  }
  return value as UIMessageChunk;
}
