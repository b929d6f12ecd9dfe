import type { ModelMessage, UserContent } from "ai";
import { type ChatUIMessage, textOf } from "@/server/chat/messages";

/** What a prompt's attachments add to the request: extracted text, and images for vision models. */
export interface PromptAttachments {
  texts: { name: string; text: string; truncated: boolean }[];
  images: { name: string; mime: string; data: Uint8Array }[];
}

/** Extracted text goes after the typed prompt, each file fenced with its name so the model can cite it. */
export function withAttachedText(prompt: string, texts: PromptAttachments["texts"]): string {
  if (texts.length === 0) return prompt;
  const blocks = texts.map(
    (t) =>
      `<attachment name="${t.name.replace(/"/g, "'")}">\n${t.text}${t.truncated ? "\n[… the rest of this file was cut to fit the context]" : ""}\n</attachment>`,
  );
  return `${prompt}\n\n${blocks.join("\n\n")}`;
}

/**
 * The messages sent to the model, rebuilt from the saved thread: user prompts (with their
 * attachments) and the answers in the current flow. Error notices are for people and stay out;
 * so do older alternatives and reasoning (models do not expect their own thinking back).
 * Images go only to a model that can see them; for another model they are named instead.
 */
export function buildModelMessages(
  thread: ChatUIMessage[],
  options: {
    attachments?: Map<string, PromptAttachments>;
    vision?: boolean;
    toolMessages?: Map<string, ModelMessage[]>;
  } = {},
): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const message of thread) {
    if (message.role === "system") continue;
    // Answers that used tools, converted with their calls, results and approval decisions (toolModelMessages).
    const withTools = options.toolMessages?.get(message.id);
    if (withTools) {
      out.push(...withTools);
      continue;
    }
    const text = textOf(message.parts);
    const attached = options.attachments?.get(message.id);
    if (!text.trim() && !attached) continue;
    if (message.role !== "user") {
      out.push({ role: "assistant", content: text });
      continue;
    }
    if (!attached) {
      out.push({ role: "user", content: text });
      continue;
    }
    const omitted = options.vision ? [] : attached.images.map((i) => i.name);
    const note = omitted.length
      ? `\n\n[Images not shown to this model, which cannot see images: ${omitted.join(", ")}]`
      : "";
    const content: UserContent = [{ type: "text", text: withAttachedText(text, attached.texts) + note }];
    // As base64: ollama-ai-provider-v2 forwards the data as it is given, and Ollama wants base64.
    if (options.vision)
      for (const image of attached.images)
        content.push({
          type: "file",
          data: Buffer.from(image.data).toString("base64"),
          mediaType: image.mime,
          filename: image.name,
        });
    out.push({ role: "user", content });
  }
  return out;
}

/** The last user prompt of the thread, which Regenerate and Retry answer again. */
export function lastUserMessage(thread: ChatUIMessage[]): ChatUIMessage | undefined {
  return [...thread].reverse().find((m) => m.role === "user");
}
