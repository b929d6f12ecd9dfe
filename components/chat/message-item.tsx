"use client";

import { AlertTriangle, Bot, Brain, Pencil, RotateCcw, SearchCode, User } from "lucide-react";
import { memo, useState } from "react";
import { AnswerNotices, AnswerSteps, hasToolCalls } from "@/components/chat/answer-steps";
import { MessageAttachments } from "@/components/chat/attachment-chips";
import { CitationProvider } from "@/components/chat/citation-chip";
import { Markdown } from "@/components/chat/markdown";
import { messageFigures } from "@/components/chat/message-meta";
import { SourcesPanel } from "@/components/chat/sources-panel";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { ChatUIMessage } from "@/server/chat/messages";
import { findSourcesPart, linkCitations } from "@/lib/knowledge/citations";

function partsText(message: ChatUIMessage, type: "text" | "reasoning"): string {
  return message.parts.map((p) => (p.type === type ? p.text : "")).join("");
}

function Reasoning({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <details
      className="rounded-md border bg-muted/40 px-3 py-2 text-sm text-muted-foreground"
      data-testid="chat-reasoning"
    >
      <summary className="flex cursor-pointer items-center gap-2 select-none">
        <Brain className="size-4" aria-hidden /> {streaming ? "Thinking…" : "Reasoning"}
      </summary>
      <p className="mt-2 whitespace-pre-wrap">{text}</p>
    </details>
  );
}

function InspectButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
      data-testid="chat-inspect"
      title="See the request and raw response (Ctrl+I)"
    >
      <SearchCode className="size-3" aria-hidden /> Inspect
    </button>
  );
}

/** One message; memoised so that a streaming answer re-renders alone, not the whole list. */
export const MessageItem = memo(function MessageItem({
  message,
  streaming,
  onRetry,
  onEdit,
  onInspect,
}: {
  message: ChatUIMessage;
  streaming: boolean;
  onRetry?: () => void;
  onEdit?: () => void;
  onInspect?: (messageId: string) => void;
}) {
  const [showAlternatives, setShowAlternatives] = useState(false);
  const meta = message.metadata;
  const text = partsText(message, "text");
  const reasoning = partsText(message, "reasoning");

  if (message.role === "system") {
    return (
      <div
        data-testid="chat-message"
        data-role="system"
        role="alert"
        className="flex items-start gap-3 rounded-lg border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm"
      >
        <AlertTriangle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
        <p className="flex-1 whitespace-pre-wrap">{text}</p>
        {onInspect && (
          <span className="text-xs text-muted-foreground">
            <InspectButton onClick={() => onInspect(message.id)} />
          </span>
        )}
        {onRetry && (
          <Button size="sm" variant="outline" onClick={onRetry} data-testid="chat-retry">
            <RotateCcw className="size-4" /> Retry
          </Button>
        )}
      </div>
    );
  }

  const isUser = message.role === "user";
  // A "Use documents" turn: the passages the answer's [n] point to.
  const sources = isUser ? null : (findSourcesPart(message.parts)?.data ?? null);
  const alternatives = meta?.alternatives ?? [];
  return (
    <div
      data-testid="chat-message"
      data-role={message.role}
      data-status={meta?.status ?? (streaming ? "streaming" : "done")}
      className={cn("flex gap-3", isUser && "flex-row-reverse")}
    >
      <div
        className={cn(
          "flex size-8 shrink-0 items-center justify-center rounded-full",
          isUser ? "bg-primary text-primary-foreground" : "bg-muted",
        )}
        aria-hidden
      >
        {isUser ? <User className="size-4" /> : <Bot className="size-4" />}
      </div>
      <div className={cn("flex max-w-[85%] min-w-0 flex-col gap-1", isUser && "items-end")}>
        {meta?.attachments?.length ? <MessageAttachments attachments={meta.attachments} /> : null}
        {/* A team member's message: who speaks, and in which role. */}
        {!isUser && meta?.agentName && (
          <p className="flex flex-wrap items-center gap-1.5 text-xs" data-testid="chat-message-agent">
            <span className="font-medium">{meta.agentName}</span>
            {meta.agentRole && (
              <span
                className="rounded-md border px-1.5 py-0.5 text-muted-foreground"
                data-testid="chat-message-agent-role"
              >
                {meta.agentRole}
              </span>
            )}
          </p>
        )}
        <div className={cn("rounded-lg px-4 py-2", isUser ? "bg-primary text-primary-foreground" : "border bg-card")}>
          {reasoning && <Reasoning text={reasoning} streaming={streaming && !text} />}
          {isUser ? (
            <p className="whitespace-pre-wrap">{text}</p>
          ) : hasToolCalls(message.parts) && !sources ? (
            <AnswerSteps parts={message.parts} />
          ) : sources ? (
            <CitationProvider sources={sources.sources}>
              <Markdown text={linkCitations(text, sources.sources.length)} />
            </CitationProvider>
          ) : (
            <Markdown text={text} />
          )}
          {streaming && !text && !reasoning && <span className="animate-pulse text-muted-foreground">…</span>}
        </div>
        {!isUser && <AnswerNotices parts={message.parts} />}
        {sources && <SourcesPanel data={sources} />}
        <div
          className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground"
          data-testid="chat-message-meta"
        >
          {meta?.model && !isUser && <span>{meta.model}</span>}
          {!isUser && <span>{messageFigures(meta, text)}</span>}
          {meta?.status === "stopped" && <span>(stopped)</span>}
          {onInspect && <InspectButton onClick={() => onInspect(message.id)} />}
          {onEdit && (
            <button
              type="button"
              onClick={onEdit}
              className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
              data-testid="chat-edit"
            >
              <Pencil className="size-3" aria-hidden /> Edit
            </button>
          )}
          {alternatives.length > 0 && (
            <button
              type="button"
              className="underline underline-offset-2"
              onClick={() => setShowAlternatives((v) => !v)}
              data-testid="chat-alternatives-toggle"
            >
              {showAlternatives ? "Hide" : "Show"} {alternatives.length} earlier answer
              {alternatives.length > 1 ? "s" : ""}
            </button>
          )}
        </div>
        {showAlternatives && (
          <div className="flex flex-col gap-2 border-l-2 pl-3 opacity-80" data-testid="chat-alternatives">
            {alternatives.map((a) => (
              <div key={a.id} className="rounded-md border bg-muted/30 px-3 py-2 text-sm">
                <Markdown text={partsText(a, "text")} />
                <p className="mt-1 text-xs text-muted-foreground">{a.metadata?.model}</p>
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
});
