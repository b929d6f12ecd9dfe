import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

const LABELS = { system: "System", user: "User", assistant: "Assistant", tool: "Tool" } as const;

function textOf(message: LanguageModelV4Prompt[number]): string {
  if (message.role === "system") return message.content;
  const parts: string[] = [];
  for (const part of message.content) {
    if (part.type === "text") parts.push(part.text);
    else if (part.type === "tool-result") parts.push(JSON.stringify(part.output));
  }
  return parts.join("\n");
}

export interface CompletionPrompt {
  text: string;
  /** Where the model would start speaking for the other side; generation stops there. */
  stop: string[];
}

/**
 * A completion model has no chat template: a lone user message is the text to continue; a
 * conversation becomes a plain labelled transcript that ends where the assistant speaks.
 */
export function completionPrompt(prompt: LanguageModelV4Prompt): CompletionPrompt {
  const messages = prompt.filter((m) => textOf(m).trim().length > 0);
  if (messages.length === 1 && messages[0]!.role === "user") return { text: textOf(messages[0]!), stop: [] };
  const lines = messages.map((m) => `${LABELS[m.role]}: ${textOf(m)}`);
  return { text: `${lines.join("\n\n")}\n\nAssistant:`, stop: ["\nUser:", "\nSystem:"] };
}
