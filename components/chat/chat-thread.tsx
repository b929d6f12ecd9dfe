"use client";

import { useChat } from "@ai-sdk/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DefaultChatTransport } from "ai";
import { AlertTriangle, MessagesSquare } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Composer } from "@/components/chat/composer";
import { errorText } from "@/components/chat/error-text";
import { MessageItem } from "@/components/chat/message-item";
import { ModelPicker } from "@/components/chat/model-picker";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc/react";
import type { ChatUIMessage } from "@/server/chat/messages";

const plainText = (m: ChatUIMessage | undefined) => (m ? m.parts.map((p) => (p.type === "text" ? p.text : "")).join("") : "");

/** Drops the answers and notices after the last prompt, so Regenerate/Retry answer that prompt again. */
function upToLastPrompt(messages: ChatUIMessage[]): ChatUIMessage[] {
  const at = messages.findLastIndex((m) => m.role === "user");
  return at < 0 ? messages : messages.slice(0, at + 1);
}

export interface ChatThreadProps {
  sessionId: string;
  title: string;
  initialModelId: string | null;
  initialMessages: ChatUIMessage[];
}

/**
 * One conversation: streams answers with useChat from /api/chat, and after every turn reloads
 * the saved thread (server ids, figures, error notices) from the database.
 */
export function ChatThread({ sessionId, title: initialTitle, initialModelId, initialMessages }: ChatThreadProps) {
  const trpc = useTRPC();
  const [title, setTitle] = useState(initialTitle);
  const queryClient = useQueryClient();
  const [modelId, setModelId] = useState(initialModelId);
  const modelRef = useRef(modelId);
  modelRef.current = modelId;
  const [draft, setDraft] = useState("");
  const [editing, setEditing] = useState(false);
  const pendingText = useRef<string | null>(null);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: "/api/chat",
        prepareSendMessagesRequest: ({ messages, trigger, body }) => {
          const kind = trigger === "submit-message" ? "submit" : body?.edit ? "edit" : "regenerate";
          return {
          body: {
            sessionId,
            trigger: kind,
            text: kind === "regenerate" ? undefined : plainText(messages.at(-1)),
            modelId: modelRef.current ?? undefined,
          },
          };
        },
      }),
    [sessionId],
  );
  const { messages, sendMessage, regenerate, stop, status, error, setMessages, clearError } = useChat<ChatUIMessage>({ id: sessionId, messages: initialMessages, transport });
  const busy = status === "submitted" || status === "streaming";
  const setModel = useMutation(trpc.chat.setModel.mutationOptions({ onError: (e) => toast.error(e.message) }));

  const resync = async () => {
    const fresh = await queryClient.fetchQuery(trpc.chat.get.queryOptions({ id: sessionId }, { staleTime: 0 }));
    setMessages(fresh.messages);
    setTitle(fresh.session.title);
    const sent = pendingText.current;
    pendingText.current = null;
    // The prompt is saved before the model runs; if it is not there the request never arrived: give the text back.
    const lastPrompt = plainText(fresh.messages.findLast((m) => m.role === "user"));
    if (sent !== null && lastPrompt !== sent) setDraft((current) => current || sent);
    if (fresh.messages.at(-1)?.role === "system") clearError();
    void queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
  };

  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if ((was === "submitted" || was === "streaming") && (status === "ready" || status === "error")) void resync();
  });

  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  const send = () => {
    const text = draft.trim();
    if (!text || busy) return;
    pendingText.current = text;
    setDraft("");
    clearError();
    if (editing) {
      setEditing(false);
      const kept = upToLastPrompt(messages);
      const prompt = kept.at(-1)!;
      setMessages([...kept.slice(0, -1), { ...prompt, parts: [{ type: "text", text }] }]);
      void regenerate({ body: { edit: true } });
      return;
    }
    void sendMessage({ text });
  };
  const lastPromptIndex = messages.findLastIndex((m) => m.role === "user");
  const startEdit = () => {
    setDraft(plainText(messages[lastPromptIndex]));
    setEditing(true);
    document.getElementById("chat-input")?.focus();
  };
  const cancelEdit = () => {
    setEditing(false);
    setDraft("");
  };
  const answerAgain = () => {
    if (busy) return;
    clearError();
    setMessages(upToLastPrompt(messages));
    void regenerate();
  };
  const changeModel = (id: string) => {
    setModelId(id);
    void setModel.mutateAsync({ id: sessionId, modelId: id }).then(() => toast.success(`Model: ${id}`));
  };

  const shownError = status === "error" ? errorText(error) : null;
  const last = messages.at(-1);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b px-4 py-2">
        <h2 className="min-w-0 truncate font-medium" data-testid="chat-title">
          {title}
        </h2>
        <ModelPicker value={modelId} onChange={changeModel} disabled={busy} />
      </header>
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
        className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-4"
        data-testid="chat-messages"
        aria-live="polite"
      >
        {messages.length === 0 && <EmptyState icon={MessagesSquare} title="Ask anything" description="Type a message below and press Enter. Pick the model in the header." />}
        {messages.map((m, i) => (
          <MessageItem
            key={m.id}
            message={m}
            streaming={busy && i === messages.length - 1 && m.role === "assistant"}
            onRetry={m.role === "system" && i === messages.length - 1 && !busy ? answerAgain : undefined}
            onEdit={i === lastPromptIndex && !busy && !editing ? startEdit : undefined}
          />
        ))}
        {status === "submitted" && last?.role === "user" && <p className="animate-pulse text-sm text-muted-foreground" data-testid="chat-waiting">Waiting for the model…</p>}
        {shownError && (
          <div role="alert" data-testid="chat-error" className="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm">
            <AlertTriangle className="mt-0.5 size-4 text-destructive" aria-hidden /> {shownError}
          </div>
        )}
      </div>
      <Composer
        value={draft}
        onChange={setDraft}
        onSend={send}
        onStop={() => void stop()}
        onRegenerate={answerAgain}
        busy={busy}
        canRegenerate={lastPromptIndex >= 0}
        editing={editing}
        onCancelEdit={cancelEdit}
      />
    </div>
  );
}
