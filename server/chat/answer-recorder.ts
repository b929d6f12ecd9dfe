import { readUIMessageStream, type UIMessageChunk, type UIMessageStreamWriter } from "ai";
import type { ChatUIMessage } from "@/server/chat/messages";

/**
 * Builds the answer exactly as the page sees it (text, reasoning, tool calls with their states,
 * data parts), on the server and independently of the browser: a page that goes away does not
 * stop the answer from being assembled and saved. Everything written through `writer(...)` is
 * recorded, merged streams through a tee.
 */
export function createAnswerRecorder(continuing?: ChatUIMessage) {
  let controller!: ReadableStreamDefaultController<UIMessageChunk>;
  const chunks = new ReadableStream<UIMessageChunk>({
    start: (c) => {
      controller = c;
    },
  });
  const pumps: Promise<void>[] = [];
  let closed = false;
  const record = (chunk: UIMessageChunk) => {
    if (!closed) controller.enqueue(chunk);
  };

  const message = (async () => {
    let last: ChatUIMessage | undefined = continuing;
    // Errors are the stream's business (they reach the page); the answer keeps what arrived.
    for await (const m of readUIMessageStream<ChatUIMessage>({
      message: continuing,
      stream: chunks,
      onError: () => {},
    }))
      last = m;
    return last;
  })();

  return {
    /** The writer to hand to everything that writes the answer; it forwards to the page and records. */
    writer(raw: UIMessageStreamWriter<ChatUIMessage>): UIMessageStreamWriter<ChatUIMessage> {
      return {
        onError: raw.onError,
        write(chunk) {
          record(chunk as UIMessageChunk);
          try {
            raw.write(chunk);
          } catch {
            // The page left; the recorder still has the chunk.
          }
        },
        merge(stream) {
          const [toPage, toRecord] = stream.tee();
          raw.merge(toPage);
          pumps.push(
            (async () => {
              const reader = toRecord.getReader();
              for (;;) {
                const { done, value } = await reader.read();
                if (done) return;
                record(value as UIMessageChunk);
              }
            })(),
          );
        },
      };
    },
    /** Resolves once every merged stream has ended (the model run is over). */
    drained: () => Promise.all(pumps).then(() => undefined),
    /** Ends the recording; `message` then resolves with the whole answer. */
    close() {
      if (closed) return;
      closed = true;
      controller.close();
    },
    message,
  };
}
