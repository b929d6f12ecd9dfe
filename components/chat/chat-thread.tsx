"use client";

import { useChat } from "@ai-sdk/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isToolUIPart, lastAssistantMessageIsCompleteWithApprovalResponses } from "ai";
import { AlertTriangle, MessagesSquare, SearchCode, SlidersHorizontal, Upload } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ChatTransport } from "@/components/chat/chat-transport";
import { Composer } from "@/components/chat/composer";
import { ContextMeter } from "@/components/chat/context-meter";
import { DocumentsControl } from "@/components/chat/documents-control";
import { errorText } from "@/components/chat/error-text";
import { type ToolApproval, ToolApprovalContext } from "@/components/chat/tool-approval-context";
import { InspectorPanel } from "@/components/chat/inspector-panel";
import { mergeThreadTail, settleTurn } from "@/components/chat/merge-tail";
import { MessageList } from "@/components/chat/message-list";
import { AgentPicker } from "@/components/agents/agent-picker";
import { PlanChecklist } from "@/components/teams/plan-checklist";
import { TeamPicker } from "@/components/teams/team-picker";
import { useTeamSession } from "@/components/teams/use-team-session";
import { ModelPicker } from "@/components/chat/model-picker";
import { useComposerFiles } from "@/components/chat/use-composer-files";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useModHotkey } from "@/hooks/use-hotkey";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import type { AttachmentInfo } from "@/server/chat/attachments";
import type { ChatUIMessage } from "@/server/chat/messages";

const emptyThread = (
  <EmptyState
    icon={MessagesSquare}
    title="Ask anything"
    description="Type a message below and press Enter. Attach files with the clip, by pasting or by dropping them here."
  />
);

const plainText = (m: ChatUIMessage | undefined) =>
  m ? m.parts.map((p) => (p.type === "text" ? p.text : "")).join("") : "";

/** Drops the answers and notices after the last prompt, so Regenerate/Retry answer that prompt again. */
function upToLastPrompt(messages: ChatUIMessage[]): ChatUIMessage[] {
  const at = messages.findLastIndex((m) => m.role === "user");
  return at < 0 ? messages : messages.slice(0, at + 1);
}

export interface ChatThreadProps {
  sessionId: string;
  title: string;
  initialModelId: string | null;
  initialAgentId: string | null;
  initialMessages: ChatUIMessage[];
  initialAttachments: AttachmentInfo[];
}

/**
 * One conversation: streams answers with useChat from /api/chat. An answer streams under its
 * saved id and ends with its saved figures; after a turn the page reads the saved thread back
 * only when the database holds more than it saw (error notices, tool results, alternatives).
 */
export function ChatThread({
  sessionId,
  title: initialTitle,
  initialModelId,
  initialAgentId,
  initialMessages,
  initialAttachments,
}: ChatThreadProps) {
  const trpc = useTRPC();
  const [title, setTitle] = useState(initialTitle);
  const queryClient = useQueryClient();
  const [modelId, setModelId] = useState(initialModelId);
  const [agentId, setAgentId] = useState(initialAgentId);
  const modelRef = useRef(modelId);
  modelRef.current = modelId;
  const [draft, setDraft] = useState("");
  const [editing, setEditing] = useState(false);
  const pendingText = useRef<string | null>(null);
  const pendingFiles = useRef<AttachmentInfo[]>([]);
  const files = useComposerFiles(sessionId, initialAttachments);
  const [turn, setTurn] = useState(0);
  const turnKind = useRef<"submit" | "edit" | "regenerate" | "approval">("submit");
  const [inspector, setInspector] = useState<{ open: boolean; messageId: string | null }>({
    open: false,
    messageId: null,
  });
  const [dragging, setDragging] = useState(false);
  const [moreControls, setMoreControls] = useState(false);

  const transport = useMemo(
    () =>
      new ChatTransport<ChatUIMessage>({
        api: "/api/chat",
        prepareSendMessagesRequest: ({ messages, trigger, body }) => {
          // Approve / Reject on a waiting tool call: only the decisions go; the server continues the saved answer.
          const last = messages.at(-1);
          if (trigger === "submit-message" && last?.role === "assistant") {
            const approvals = last.parts.flatMap((p) =>
              isToolUIPart(p) && p.state === "approval-responded"
                ? [{ approvalId: p.approval.id, approved: p.approval.approved }]
                : [],
            );
            turnKind.current = "approval";
            return { body: { sessionId, trigger: "approval", approvals, modelId: modelRef.current ?? undefined } };
          }
          const kind = trigger === "submit-message" ? "submit" : body?.edit ? "edit" : "regenerate";
          turnKind.current = kind;
          return {
            body: {
              sessionId,
              trigger: kind,
              text: kind === "regenerate" ? undefined : plainText(messages.at(-1)),
              modelId: modelRef.current ?? undefined,
              attachmentIds:
                kind === "submit" && Array.isArray(body?.attachmentIds) && body.attachmentIds.length
                  ? body.attachmentIds
                  : undefined,
            },
          };
        },
      }),
    [sessionId],
  );
  const { messages, sendMessage, regenerate, stop, status, error, setMessages, clearError, addToolApprovalResponse } =
    useChat<ChatUIMessage>({
      id: sessionId,
      messages: initialMessages,
      transport,
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    });
  const busy = status === "submitted" || status === "streaming";
  const approval = useMemo<ToolApproval>(
    () => ({
      decide: (id, approved) => {
        clearError();
        void addToolApprovalResponse({ id, approved });
      },
      deciding: busy,
    }),
    [busy, clearError, addToolApprovalResponse],
  );
  const team = useTeamSession(sessionId, { onMessages: setMessages, busy });
  const setModel = useMutation(trpc.chat.setModel.mutationOptions({ onError: (e) => toast.error(e.message) }));

  const shownRef = useRef(messages);
  shownRef.current = messages;
  const readBack = async () => {
    // Only what the turn changed (from the latest saved prompt on): a long session is not reloaded whole.
    const fresh = await queryClient.fetchQuery(
      trpc.chat.get.queryOptions({ id: sessionId, tail: true }, { staleTime: 0 }),
    );
    const merged = mergeThreadTail(shownRef.current, fresh.messages);
    setMessages(merged);
    // The opening query's copy stays current, for coming back to this chat.
    queryClient.setQueryData(
      trpc.chat.get.queryKey({ id: sessionId }),
      (old) =>
        old && { ...old, session: fresh.session, messages: merged, pendingAttachments: fresh.pendingAttachments },
    );
    setTitle(fresh.session.title);
    const sent = pendingText.current;
    const sentFiles = pendingFiles.current;
    pendingText.current = null;
    pendingFiles.current = [];
    // The prompt is saved before the model runs; if it is not there the request never arrived
    // or was refused (e.g. an image for a model that cannot see): give the text and files back.
    const lastPrompt = plainText(fresh.messages.findLast((m) => m.role === "user"));
    if (sent !== null && lastPrompt !== sent) {
      setDraft((current) => current || sent);
      const stillPending = sentFiles.filter((f) => fresh.pendingAttachments.some((p) => p.id === f.id));
      if (stillPending.length) files.restore(stillPending);
    }
    if (fresh.messages.at(-1)?.role === "system") clearError();
  };
  const resync = async (ended: "ready" | "error") => {
    const settled = ended === "ready" && turnKind.current === "submit" ? settleTurn(shownRef.current) : null;
    if (settled) {
      pendingText.current = null;
      pendingFiles.current = [];
      setMessages(settled);
      // The opening query's copy as readBack leaves it: the session as the page set it, the files not sent yet.
      queryClient.setQueryData(
        trpc.chat.get.queryKey({ id: sessionId }),
        (old) =>
          old && {
            ...old,
            session: { ...old.session, modelId, agentId },
            messages: settled,
            pendingAttachments: files.files.flatMap((f) => (f.state === "ready" ? [f.info] : [])),
          },
      );
    } else await readBack();
    setTurn((n) => n + 1);
    void queryClient.invalidateQueries({ queryKey: trpc.teams.session.queryKey({ sessionId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
  };

  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if ((was === "submitted" || was === "streaming") && (status === "ready" || status === "error")) void resync(status);
  });

  const send = () => {
    const text = draft.trim();
    if (!text || busy || files.uploading) return;
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
    const attached = files.take();
    pendingFiles.current = attached;
    void sendMessage(
      {
        text,
        metadata: {
          status: "done",
          model: null,
          parentId: null,
          inputTokens: null,
          outputTokens: null,
          latencyMs: null,
          costUsd: null,
          error: null,
          createdAt: new Date().toISOString(),
          ...(attached.length ? { attachments: attached } : {}),
        },
      },
      { body: { attachmentIds: attached.map((a) => a.id) } },
    );
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
  const setAgent = useMutation(trpc.chat.setAgent.mutationOptions());
  const changeAgent = (id: string | null) => {
    const previous = agentId;
    setAgentId(id);
    setAgent.mutate(
      { id: sessionId, agentId: id },
      {
        onSuccess: () => toast.success(id ? "The agent answers from now on." : "No agent: the model answers directly."),
        onError: (e) => {
          setAgentId(previous);
          toast.error(e.message);
        },
      },
    );
  };
  const changeModel = (id: string) => {
    setModelId(id);
    void setModel.mutateAsync({ id: sessionId, modelId: id }).then(() => toast.success(`Model: ${id}`));
  };
  const inspect = useCallback((messageId: string) => setInspector({ open: true, messageId }), []);
  useModHotkey("i", () => setInspector((s) => ({ open: !s.open, messageId: null })));

  const shownError = status === "error" ? errorText(error) : null;
  const last = messages.at(-1);
  const streamingId = busy && last?.role === "assistant" ? last.id : null;
  const retryId = !busy && last?.role === "system" ? last.id : null;
  const editId = !busy && !editing && lastPromptIndex >= 0 ? (messages[lastPromptIndex]?.id ?? null) : null;

  // While an answer streams this component re-renders at every chunk; the header (pickers with
  // their queries, the context meter), the composer and the list's footer do not change meanwhile,
  // so they are kept from rendering again: their handlers are stable and call the latest closures.
  const current = {
    changeAgent,
    changeModel,
    changeTeam: team.changeTeam,
    stopTeam: team.stop,
    send,
    stop,
    answerAgain,
    startEdit,
    cancelEdit,
    addFiles: files.add,
    removeFile: files.remove,
  };
  const actions = useRef(current);
  actions.current = current;
  const stable = useMemo(
    () => ({
      send: () => actions.current.send(),
      stop: () => void actions.current.stop(),
      answerAgain: () => actions.current.answerAgain(),
      startEdit: () => actions.current.startEdit(),
      cancelEdit: () => actions.current.cancelEdit(),
      stopTeam: () => actions.current.stopTeam(),
      addFiles: (list: File[]) => actions.current.addFiles(list),
      removeFile: (key: string) => actions.current.removeFile(key),
    }),
    [],
  );
  const header = useMemo(() => {
    const folded = moreControls ? undefined : "max-md:hidden";
    return (
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2">
        <h2 className="min-w-24 flex-1 truncate font-medium" data-testid="chat-title" title={title}>
          {title}
        </h2>
        <div className="flex max-w-full min-w-0 flex-wrap items-center justify-end gap-2">
          {/* On a phone only the model stays in the header; the rest opens below it on request. */}
          <div id="chat-more-controls" className={cn("contents", folded)}>
            <ContextMeter sessionId={sessionId} modelId={modelId} turn={turn} />
            <DocumentsControl sessionId={sessionId} disabled={busy} />
            <TeamPicker
              value={team.teamId}
              onChange={(id) => actions.current.changeTeam(id)}
              disabled={busy || team.running}
            />
            <AgentPicker value={agentId} onChange={(id) => actions.current.changeAgent(id)} disabled={busy} />
          </div>
          <ModelPicker value={modelId} onChange={(id) => actions.current.changeModel(id)} disabled={busy} />
          <Button
            size="icon"
            variant={inspector.open ? "secondary" : "ghost"}
            className={folded}
            onClick={() => setInspector((s) => ({ open: !s.open, messageId: null }))}
            aria-pressed={inspector.open}
            aria-label="Inspector: requests and raw responses (Ctrl+I)"
            title="Inspector (Ctrl+I)"
            data-testid="chat-inspector-toggle"
          >
            <SearchCode className="size-4" />
          </Button>
          <Button
            size="icon"
            variant={moreControls ? "secondary" : "ghost"}
            className="md:hidden"
            onClick={() => setMoreControls((v) => !v)}
            aria-expanded={moreControls}
            aria-controls="chat-more-controls"
            aria-label={moreControls ? "Fewer controls" : "More controls: context, documents, team, agent, inspector"}
            data-testid="chat-more-controls"
          >
            <SlidersHorizontal className="size-4" />
          </Button>
        </div>
      </header>
    );
  }, [title, sessionId, modelId, turn, busy, team.teamId, team.running, agentId, inspector.open, moreControls]);
  const waiting = status === "submitted" && last?.role === "user";
  const footer = useMemo(
    () => (
      <>
        {waiting && (
          <p className="animate-pulse text-sm text-muted-foreground" data-testid="chat-waiting">
            Waiting for the model…
          </p>
        )}
        {team.run && <PlanChecklist run={team.run} onStop={stable.stopTeam} stopping={team.stopping} />}
        {shownError && (
          <div
            role="alert"
            data-testid="chat-error"
            className="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm"
          >
            <AlertTriangle className="mt-0.5 size-4 text-destructive" aria-hidden /> {shownError}
          </div>
        )}
      </>
    ),
    [waiting, team.run, team.stopping, shownError, stable],
  );

  return (
    <ToolApprovalContext value={approval}>
      <div className="flex min-h-0 flex-1 flex-col">
        {/* The title gives way first; where the controls still do not fit they wrap below it, every one in reach. */}
        {header}
        {/* The inspector lies over the conversation unless the screen has room for both side by side. */}
        <div className="relative flex min-h-0 flex-1">
          {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for files dragged from the desktop, a shortcut; the composer's attach button and paste are the keyboard ways. */}
          <div
            className={cn(
              "relative flex min-h-0 min-w-0 flex-1 flex-col",
              dragging && "ring-2 ring-primary ring-inset",
            )}
            onDragOver={(e) => {
              if (!e.dataTransfer.types.includes("Files")) return;
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
            }}
            onDrop={(e) => {
              if (!e.dataTransfer.files.length) return;
              e.preventDefault();
              setDragging(false);
              files.add([...e.dataTransfer.files]);
            }}
          >
            {dragging && (
              <div className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center bg-background/80 text-sm font-medium">
                <Upload className="mr-2 size-4" aria-hidden /> Drop files to attach them
              </div>
            )}
            <MessageList
              messages={messages}
              streamingId={streamingId}
              retryId={retryId}
              editId={editId}
              onRetry={stable.answerAgain}
              onEdit={stable.startEdit}
              onInspect={inspect}
              empty={emptyThread}
              footer={footer}
            />
            <Composer
              value={draft}
              onChange={setDraft}
              onSend={stable.send}
              onStop={stable.stop}
              onRegenerate={stable.answerAgain}
              busy={busy}
              canRegenerate={lastPromptIndex >= 0}
              editing={editing}
              onCancelEdit={stable.cancelEdit}
              files={files.files}
              onAddFiles={stable.addFiles}
              onRemoveFile={stable.removeFile}
              uploading={files.uploading}
            />
          </div>
          {inspector.open && (
            <InspectorPanel
              sessionId={sessionId}
              messageId={inspector.messageId}
              turn={turn}
              onClose={() => setInspector({ open: false, messageId: null })}
              onShowAll={() => setInspector({ open: true, messageId: null })}
            />
          )}
        </div>
      </div>
    </ToolApprovalContext>
  );
}
