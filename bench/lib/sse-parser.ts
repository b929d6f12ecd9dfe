/** One Server-Sent Events message, or a comment line (heartbeats). */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
  retry?: number;
  comment?: string;
}

/**
 * A small incremental SSE parser (the parts of the WHATWG format our server emits): feed it
 * decoded text as it arrives; it returns the complete messages so far and keeps the rest.
 */
export class SseParser {
  private buffer = "";

  push(text: string): SseMessage[] {
    this.buffer += text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
    const out: SseMessage[] = [];
    for (let end = this.buffer.indexOf("\n\n"); end !== -1; end = this.buffer.indexOf("\n\n")) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message = parseBlock(block);
      if (message) out.push(message);
    }
    return out;
  }
}

function parseBlock(block: string): SseMessage | null {
  const message: SseMessage = { event: "message", data: "" };
  const data: string[] = [];
  let any = false;
  for (const line of block.split("\n")) {
    if (line === "") continue;
    any = true;
    if (line.startsWith(":")) {
      message.comment = line.slice(1).trim();
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") message.event = value;
    else if (field === "id") message.id = value;
    else if (field === "retry") message.retry = Number(value);
  }
  message.data = data.join("\n");
  return any ? message : null;
}

/** Reads an SSE body, handing each message to `onMessage` until the stream ends or is cancelled. */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (m: SseMessage) => void): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const m of parser.push(decoder.decode(value, { stream: true }))) onMessage(m);
    }
  } finally {
    reader.releaseLock();
  }
}
