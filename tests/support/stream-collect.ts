import type { TextStreamPart, ToolSet } from "ai";

export interface Collected {
  text: string;
  deltas: string[];
  deltaTimes: number[];
  reasoning: string;
  toolCalls: { toolName: string; input: unknown }[];
  errors: unknown[];
  aborted: boolean;
  finishReason?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
  providerMetadata?: unknown;
}

/** Reads a streamText fullStream to the end, keeping what the tests check. */
export async function collect(
  stream: AsyncIterable<TextStreamPart<ToolSet>>,
  onDelta?: (text: string, count: number) => void,
): Promise<Collected> {
  const out: Collected = {
    text: "",
    deltas: [],
    deltaTimes: [],
    reasoning: "",
    toolCalls: [],
    errors: [],
    aborted: false,
  };
  for await (const part of stream) {
    switch (part.type) {
      case "text-delta":
        out.text += part.text;
        out.deltas.push(part.text);
        out.deltaTimes.push(performance.now());
        onDelta?.(part.text, out.deltas.length);
        break;
      case "reasoning-delta":
        out.reasoning += part.text;
        break;
      case "tool-call":
        out.toolCalls.push({ toolName: part.toolName, input: part.input });
        break;
      case "error":
        out.errors.push(part.error);
        break;
      case "abort":
        out.aborted = true;
        break;
      case "finish-step":
        out.providerMetadata = part.providerMetadata;
        break;
      case "finish":
        out.finishReason = part.finishReason;
        out.usage = { inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens };
        break;
    }
  }
  return out;
}
