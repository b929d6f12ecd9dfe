"use client";

import { useMutation } from "@tanstack/react-query";
import { Copy, MessageSquare, Pause, Play, Trash2, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { LogViewer } from "@/components/log-viewer/log-viewer";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/react";
import { useAgentActions } from "@/components/agents/agent-actions";
import { AgentAvatar } from "@/components/agents/agent-avatar";
import { draftFromAgent, draftToInput } from "@/components/agents/agent-draft";
import { AgentForm } from "@/components/agents/agent-form";
import { formatAgo, formatRate, MEMORY_LABELS, type AgentRow } from "@/components/agents/agent-format";
import { formatCompact } from "@/lib/format";
import { AgentMemory } from "@/components/agents/agent-memory";
import { AgentPerformance } from "@/components/agents/agent-performance";
import { AgentStatusBadge } from "@/components/agents/agent-status-badge";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 py-1 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** The selected agent: header with its actions, then Overview / Config / Performance / Memory / Logs. */
export function AgentDetail({
  agent,
  isAdmin,
  now,
  onClose,
  onSelect,
}: {
  agent: AgentRow;
  isAdmin: boolean;
  now: number;
  onClose: () => void;
  onSelect: (id: string | null) => void;
}) {
  const trpc = useTRPC();
  const actions = useAgentActions({ onDuplicated: onSelect, onDeleted: () => onSelect(null) });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const update = useMutation(
    trpc.agents.update.mutationOptions({
      onSuccess: (a) => {
        setFormError(null);
        toast.success(`Saved "${a.name}".`);
        void actions.refresh();
      },
      onError: (err) => setFormError(err.message),
    }),
  );
  const canResume = agent.editable && (agent.status === "paused" || (agent.status === "disabled" && isAdmin));

  return (
    <div className="flex h-full flex-col gap-3 p-4" data-testid="agent-detail" data-agent-id={agent.id}>
      <div className="flex items-start gap-3">
        <AgentAvatar avatar={agent.avatar} className="size-10 text-lg" />
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-lg font-semibold" data-testid="agent-detail-name">
            {agent.name}
          </h2>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <AgentStatusBadge status={agent.status} reason={agent.disabledReason} />
            <span className="truncate">{agent.role}</span>
          </div>
        </div>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close details">
          <X />
        </Button>
      </div>
      {agent.status === "disabled" && agent.disabledReason && (
        <p className="rounded-md border border-destructive/40 bg-destructive/10 p-2 text-sm" role="alert">
          {agent.disabledReason} {isAdmin ? "" : "Ask an admin to re-enable it."}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          onClick={() => actions.openChat.mutate({ id: agent.id })}
          disabled={agent.status !== "active" || actions.openChat.isPending}
          data-testid="agent-open-chat"
        >
          <MessageSquare /> Open chat
        </Button>
        {agent.editable && agent.status === "active" && (
          <Button
            size="sm"
            variant="outline"
            onClick={() => actions.pause.mutate({ id: agent.id })}
            disabled={actions.pause.isPending}
            data-testid="agent-pause"
          >
            <Pause /> Pause
          </Button>
        )}
        {canResume && (
          <Button
            size="sm"
            variant="outline"
            onClick={() => actions.resume.mutate({ id: agent.id })}
            disabled={actions.resume.isPending}
            data-testid="agent-resume"
          >
            <Play /> {agent.status === "disabled" ? "Re-enable" : "Resume"}
          </Button>
        )}
        <Button
          size="sm"
          variant="outline"
          onClick={() => actions.duplicate.mutate({ id: agent.id })}
          disabled={actions.duplicate.isPending}
          data-testid="agent-duplicate"
        >
          <Copy /> Duplicate
        </Button>
        {agent.editable && !agent.builtin && (
          <Button size="sm" variant="outline" onClick={() => setConfirmDelete(true)} data-testid="agent-delete">
            <Trash2 /> Delete
          </Button>
        )}
      </div>
      <Tabs defaultValue="overview" className="min-h-0 flex-1">
        <TabsList className="w-full overflow-x-auto">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="config" data-testid="agent-tab-config">
            Config
          </TabsTrigger>
          <TabsTrigger value="performance">Performance</TabsTrigger>
          <TabsTrigger value="memory">Memory</TabsTrigger>
          <TabsTrigger value="logs">Logs</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="overflow-y-auto">
          <dl className="divide-y">
            {agent.description && <Row label="Description">{agent.description}</Row>}
            <Row label="System prompt">
              <p className="whitespace-pre-wrap">{agent.systemPrompt}</p>
            </Row>
            <Row label="Goals">
              {agent.goals.length ? (
                <ul className="list-disc pl-4">
                  {agent.goals.map((g) => (
                    <li key={g}>{g}</li>
                  ))}
                </ul>
              ) : (
                "–"
              )}
            </Row>
            <Row label="Model">{agent.modelId ?? "Inherited (the chat's or default model)"}</Row>
            <Row label="Tools">
              {agent.tools.length
                ? agent.tools.map((t) => (
                    <code key={t} className="mr-1 rounded bg-muted px-1 text-xs">
                      {t}
                    </code>
                  ))
                : "None"}
            </Row>
            <Row label="Memory">{MEMORY_LABELS[agent.memoryMode]}</Row>
            <Row label="Limits">
              {agent.maxTurns} turns,{" "}
              {agent.tokenBudget ? `${formatCompact(agent.tokenBudget)} tokens per run` : "no token budget"}
              {agent.maxTokens ? `, ${agent.maxTokens} tokens per answer` : ""}
              {agent.temperature !== null ? `, temperature ${agent.temperature}` : ""}
            </Row>
            <Row label="Activity">
              {agent.stats.runs} runs · {formatCompact(agent.stats.tokens24h)} tokens in 24 h ·{" "}
              {formatRate(agent.stats.errorRate)} errors · last {formatAgo(agent.stats.lastActivityAt, now)}
            </Row>
            <Row label="Owner">{agent.builtin ? "Built-in" : agent.mine ? "You" : "Another user"}</Row>
          </dl>
        </TabsContent>
        <TabsContent value="config" className="overflow-y-auto">
          {agent.editable ? (
            <AgentForm
              key={agent.updatedAt.toISOString()}
              initial={draftFromAgent(agent)}
              submitLabel="Save changes"
              saving={update.isPending}
              error={formError}
              onSubmit={(d) => update.mutate({ id: agent.id, data: draftToInput(d) })}
            />
          ) : (
            <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">
              {agent.builtin
                ? "Only an admin can change a built-in agent. Duplicate it to make your own version you can edit."
                : "Only the owner can change this agent."}
            </p>
          )}
        </TabsContent>
        <TabsContent value="performance" className="overflow-y-auto">
          <AgentPerformance agentId={agent.id} />
        </TabsContent>
        <TabsContent value="memory" className="overflow-y-auto">
          <AgentMemory agentId={agent.id} memoryMode={agent.memoryMode} />
        </TabsContent>
        <TabsContent value="logs" className="min-h-[24rem]">
          <LogViewer
            fixed={{ agentId: agent.id }}
            hideSubsystems
            className="h-[28rem]"
            emptyHint="Log lines of this agent's chats, runs and tool calls appear here."
          />
        </TabsContent>
      </Tabs>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete "${agent.name}"?`}
        description="The agent and its memories are removed. Its past chats, tasks and logs stay."
        confirmLabel="Delete"
        destructive
        confirmTestId="agent-delete-confirm"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          actions.remove.mutate({ id: agent.id });
        }}
      />
    </div>
  );
}
