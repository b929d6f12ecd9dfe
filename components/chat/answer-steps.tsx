"use client";

import { isToolUIPart } from "ai";
import { OctagonAlert } from "lucide-react";
import { Markdown } from "@/components/chat/markdown";
import { ToolCallPart } from "@/components/chat/tool-call-part";
import type { ChatUIMessage } from "@/server/chat/messages";

type Parts = ChatUIMessage["parts"];

export const hasToolCalls = (parts: Parts) => parts.some((p) => isToolUIPart(p));

/** An answer that used tools, in the order it happened: text, then the calls, then more text. */
export function AnswerSteps({ parts }: { parts: Parts }) {
  const blocks: (
    | { kind: "text"; text: string; key: string }
    | { kind: "tool"; part: Extract<Parts[number], { toolCallId: string }>; key: string }
  )[] = [];
  parts.forEach((part, i) => {
    if (part.type === "text") {
      const last = blocks.at(-1);
      if (last?.kind === "text") last.text += part.text;
      else blocks.push({ kind: "text", text: part.text, key: `t${i}` });
    } else if (isToolUIPart(part)) blocks.push({ kind: "tool", part, key: part.toolCallId });
  });
  return (
    <>
      {blocks.map((b) =>
        b.kind === "text" ? (
          b.text.trim() ? (
            <Markdown key={b.key} text={b.text} />
          ) : null
        ) : (
          <ToolCallPart key={b.key} part={b.part} />
        ),
      )}
    </>
  );
}

/** Notices the server added to an answer (the tool loop stopped at max turns or the token budget). */
export function AnswerNotices({ parts }: { parts: Parts }) {
  const notices = parts
    .flatMap((p) => (p.type === "data-notice" ? [(p.data as { text?: string }).text ?? ""] : []))
    .filter(Boolean);
  if (notices.length === 0) return null;
  return (
    <>
      {notices.map((text) => (
        <p
          key={text}
          role="status"
          data-testid="chat-notice"
          className="flex items-center gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-1.5 text-xs"
        >
          <OctagonAlert className="size-3.5 shrink-0" aria-hidden /> {text}
        </p>
      ))}
    </>
  );
}
