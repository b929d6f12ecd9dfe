import { DefaultChatTransport, type UIMessage, type UIMessageChunk } from "ai";
import { sseChunkStream } from "@/components/chat/sse-chunks";

/** The AI SDK's HTTP transport, reading our own route's stream in one stage (sse-chunks.ts). */
export class ChatTransport<M extends UIMessage> extends DefaultChatTransport<M> {
  protected override processResponseStream(stream: ReadableStream<Uint8Array>): ReadableStream<UIMessageChunk> {
    return stream.pipeThrough(sseChunkStream());
  }
}
