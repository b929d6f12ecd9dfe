import {
  createUIMessageStream,
  createUIMessageStreamResponse,
  getToolName,
  isToolUIPart,
  type ModelMessage,
  streamText,
  type ToolSet,
  toUIMessageStream,
  wrapLanguageModel,
} from "ai";
import { getProviderConfig, type ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveModel, type ResolvedModel } from "@/server/ai/providers";
import { CallTimer } from "@/lib/ai/usage";
import { AppError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { priceCost } from "@/lib/ai/usage";
import { pendingAttachments } from "@/server/chat/attachments";
import { coalesceMiddleware } from "@/server/chat/coalesce-stream";
import { loadHistoryWindow } from "@/server/chat/history-window";
import { createAnswerRecorder } from "@/server/chat/answer-recorder";
import {
  appendChatMessage,
  type ChatUIMessage,
  lastPromptRow,
  replaceChatMessageParts,
  textOf,
  toUIMessage,
} from "@/server/chat/messages";
import { newChatMessageId } from "@/server/chat/store/messages";
import {
  applyApprovals,
  type ApprovalDecision,
  linkToolCalls,
  pendingApprovals,
  saveAnswerParts,
  storedParts,
  toolModelMessages,
  waitingAnswer,
} from "@/server/chat/tool-messages";
import { historyBudget } from "@/server/chat/model-window";
import { recordAgentFailure } from "@/server/agents/failures";
import type { AgentRunConfig } from "@/server/agents/agent-config";
import { buildRunTools, type RunTools } from "@/server/agents/tool-loop";
import { recordRejectedToolCall } from "@/server/tools/execute";
import { agentCallSettings, chatAgent } from "@/server/chat/chat-agent";
import { recordModelCall } from "@/server/chat/model-calls";
import { loadPromptAttachments, requireVision } from "@/server/chat/prompt-attachments";
import { buildModelMessages } from "@/server/chat/request";
import { getChatSessionOrThrow, updateChatSession } from "@/server/chat/sessions";
import { afterStart, documentContext, type DocumentContext } from "@/server/knowledge/chat-context";
import { findSourcesPart, withCitedSources } from "@/lib/knowledge/citations";
import { logger } from "@/server/logger";
import { startTeamChatTurn } from "@/server/teams/chat-turn";
import { defaultModelId, modelDetails } from "@/server/providers/catalog";
import type { ChatRequest } from "@/lib/chat/request-schema";
import type { ChatMessage } from "@/server/generated/prisma/client";

const NO_MODEL =
  "No model is chosen and none is configured. Pick one in the model menu, or set a default model in Settings -> Providers.";

// next start gzips responses and flushes after every chunk, a cost per streamed token
// (docs/benchmarks.md); tokens are tiny, so compression buys nothing here.
const STREAM_HEADERS = { "cache-control": "no-cache, no-transform" };

/** The reply as the browser reads it: a UI message stream carrying one error, for failures before the model runs. */
function errorStream(errorText: string): Response {
  return createUIMessageStreamResponse({
    headers: STREAM_HEADERS,
    stream: createUIMessageStream({ execute: ({ writer }) => writer.write({ type: "error", errorText }) }),
  });
}

async function chooseModel(
  requested: string | undefined,
  sessionModel: string | null,
  config: () => Promise<ProviderConfig>,
): Promise<string | null> {
  if (requested) return requested;
  if (sessionModel) return sessionModel;
  return config()
    .then((c) => defaultModelId({ config: c, signal: AbortSignal.timeout(5000) }))
    .catch(() => null);
}

/**
 * One chat turn: the prompt is saved before the model is called (it is never lost), the answer
 * streams to the browser, and the answer (or the error, as a system message) is saved with a
 * ModelCall row when the stream ends, is stopped or fails. The request's abort signal reaches
 * the provider, so Stop closes the provider's connection.
 */
export async function streamChatReply(input: {
  user: AuthUser;
  body: ChatRequest;
  request: Request;
}): Promise<Response> {
  const { user, body } = input;
  const session = await getChatSessionOrThrow({ id: body.sessionId, userId: user.id });
  // A team answers this chat: the prompt becomes the goal of a background team run (server/teams).
  if (session.teamId) return startTeamChatTurn({ user, sessionId: session.id, teamId: session.teamId, body });
  // Checked before anything is saved (like a refused image, the typed text stays in the composer):
  // an agent that was paused or disabled meanwhile must not answer.
  const agent = session.agentId ? await chatAgent(user, session.agentId) : null;
  const sessionModel = session.modelId ?? agent?.modelId ?? null;
  // Read once per turn (settings and the vault): choosing the default model and resolving it both need it.
  let config: Promise<ProviderConfig> | undefined;
  const providerConfig = () => (config ??= getProviderConfig());

  let prompt: { id: string; seq: number };
  // An approval continues the answer that waits; everything else writes a new one.
  let continuing: ChatUIMessage | undefined;
  if (body.trigger === "submit") {
    // Checked before the prompt is saved: a refused file leaves the typed text and the files in the composer.
    const files = await pendingAttachments({ userId: user.id, sessionId: session.id, ids: body.attachmentIds ?? [] });
    if (files.some((f) => f.kind === "image"))
      await requireVision(await chooseModel(body.modelId, sessionModel, providerConfig));
    prompt = await appendChatMessage({
      sessionId: session.id,
      role: "user",
      parts: [{ type: "text", text: body.text!.trim() }],
      attachmentIds: files.map((f) => f.id),
    });
  } else if (body.trigger === "approval") {
    const waiting = await waitingAnswer(session.id);
    if (!waiting)
      throw new AppError("CONFLICT", "No tool call waits for approval in this chat any more. Reload the chat.");
    continuing = await decideApprovals({
      userId: user.id,
      sessionId: session.id,
      agentId: agent?.id ?? null,
      answer: waiting.message,
      decisions: body.approvals!,
    });
    prompt = waiting.prompt;
  } else {
    const last = await lastPromptRow({ sessionId: session.id });
    if (!last) throw new AppError("BAD_REQUEST", "There is no message to answer again yet.");
    if (body.trigger === "edit")
      await replaceChatMessageParts({ id: last.id, parts: [{ type: "text", text: body.text!.trim() }] });
    prompt = last;
  }
  const saveError = (message: string, model: string | null) =>
    appendChatMessage({
      sessionId: session.id,
      role: "system",
      parentId: prompt.id,
      status: "error",
      error: message,
      model,
      parts: [{ type: "text", text: message }],
    });

  const modelId = await chooseModel(body.modelId, sessionModel, providerConfig);
  if (!modelId) {
    await saveError(NO_MODEL, null);
    return errorStream(NO_MODEL);
  }
  if (body.modelId && body.modelId !== session.modelId)
    await updateChatSession({ id: session.id, userId: user.id, modelId: body.modelId });

  let resolved: ResolvedModel;
  try {
    resolved = await resolveModel(modelId, await providerConfig());
  } catch (err) {
    const message = err instanceof AppError ? err.message : explainProviderError(err, { label: modelId }).message;
    await saveError(message, modelId);
    return errorStream(message);
  }

  // Up to the prompt (when answering it again, its current answer is not part of the question),
  // and only as much as the model's context window takes; a continued answer follows its prompt.
  const window = await loadHistoryWindow({
    sessionId: session.id,
    promptSeq: prompt.seq,
    budgetTokens: await historyBudget(resolved),
  });
  const history = continuing ? [...window, continuing] : window;
  const { attachments, vision } = await loadPromptAttachments({ history, modelId: resolved.id });
  const messages = buildModelMessages(history, { attachments, vision, toolMessages: await toolModelMessages(history) });
  // "Use documents": passages for the system prompt; a failed search is shown instead of an answer without them.
  const promptText = textOf(history.findLast((m) => m.role === "user")?.parts ?? []);
  const documents = await documentContext({
    userId: user.id,
    sessionId: session.id,
    query: promptText,
    signal: input.request.signal,
    model: resolved.model,
    choice: { useDocuments: session.useDocuments, namespace: session.kbNamespace || "default" },
  });
  if (documents.error) {
    await saveError(documents.error, resolved.id);
    return errorStream(documents.error);
  }
  return runModel({
    ...input,
    resolved,
    sessionId: session.id,
    agent,
    promptId: prompt.id,
    messages,
    continuing,
    documents,
    saveError,
  });
}

/** Saves the user's decisions at once (a reload shows them), records the rejections, and returns the answer to continue. */
async function decideApprovals(input: {
  userId: string;
  sessionId: string;
  agentId: string | null;
  answer: ChatUIMessage;
  decisions: ApprovalDecision[];
}): Promise<ChatUIMessage> {
  const parts = applyApprovals(input.answer, input.decisions);
  await saveAnswerParts({ id: input.answer.id, parts });
  const rejected = new Set(input.decisions.filter((d) => !d.approved).map((d) => d.approvalId));
  for (const call of pendingApprovals(input.answer)) {
    if (!rejected.has(call.approvalId)) continue;
    await recordRejectedToolCall({
      name: call.toolName,
      input: call.input,
      userId: input.userId,
      agentId: input.agentId,
      sessionId: input.sessionId,
      messageId: input.answer.id,
      toolCallId: call.toolCallId,
    });
  }
  return { ...input.answer, parts };
}

/** OpenRouter's cost from its listed prices, when the call's usage chunk carried none. */
async function listedPriceCost(
  modelId: string,
  usage: {
    inputTokens: number | null;
    outputTokens: number | null;
    reasoningTokens: number | null;
    totalTokens: number | null;
  },
) {
  try {
    const details = await modelDetails(modelId, { signal: AbortSignal.timeout(5000) });
    return priceCost(usage, details.pricing);
  } catch {
    return null;
  }
}

type Ended = {
  usage?: object;
  providerMetadata?: unknown;
  finishReason?: string;
  requestBody?: unknown;
  response?: unknown;
  steps?: Parameters<RunTools["stopNotice"]>[0];
};
type Outcome = ({ kind: "done" | "stopped" } & Ended) | { kind: "error"; message: string };

/** What an answer paused for approval already took: its model turns (step markers) and tokens. */
function priorUse(answer: ChatUIMessage | undefined): { turns: number; tokens: number } {
  if (!answer) return { turns: 0, tokens: 0 };
  return {
    turns: answer.parts.filter((p) => p.type === "step-start").length,
    tokens: (answer.metadata?.inputTokens ?? 0) + (answer.metadata?.outputTokens ?? 0),
  };
}

async function runModel(ctx: {
  user: AuthUser;
  request: Request;
  resolved: ResolvedModel;
  sessionId: string;
  agent: AgentRunConfig | null;
  promptId: string;
  messages: ModelMessage[];
  /** The answer an approval continues; its new parts are added to it. */
  continuing?: ChatUIMessage;
  documents: DocumentContext;
  saveError: (message: string, model: string | null) => Promise<{ id: string }>;
}): Promise<Response> {
  const { resolved } = ctx;
  // undici forwards the client's abort through a WeakRef: keep the Request alive until the end.
  let request: Request | null = ctx.request;
  const timer = new CallTimer();
  let resolveOutcome!: (outcome: Outcome) => void;
  const outcomePromise = new Promise<Outcome>((resolve) => (resolveOutcome = resolve));
  let failure: string | null = null;

  const runTools = await buildRunTools({
    userId: ctx.user.id,
    agent: ctx.agent,
    modelId: resolved.id,
    sessionId: ctx.sessionId,
    signal: request.signal,
    prior: priorUse(ctx.continuing),
  });
  // What the inspector shows as sent: the prompt as the AI SDK got it, and (once the call ends)
  // the body the provider package put on the wire.
  const { system: agentSystem, ...sampling } = agentCallSettings(ctx.agent);
  const system = [agentSystem, ctx.documents.system].filter(Boolean).join("\n\n") || undefined;
  const parameters = { maxRetries: 0, ...sampling };
  const sent: Record<string, unknown> = {
    model: resolved.id,
    provider: resolved.ref.provider,
    agent: ctx.agent?.name ?? null,
    system: system ?? null,
    messages: ctx.messages,
    tools: runTools.offered,
    ...(runTools.withheld ? { toolsWithheld: runTools.withheld } : {}),
    parameters,
  };

  // The answer streams under the id its row is saved with, so the page never has to swap ids.
  const answerId = ctx.continuing?.id ?? newChatMessageId();
  /** Saves the answer, the error and the ModelCall; returns the answer's new row, if one was written. */
  const save = async (outcome: Outcome, answer: ChatUIMessage | undefined, notice: string | null) => {
    request = null;
    const metrics = timer.finish(
      outcome.kind === "error" ? {} : { usage: outcome.usage, providerMetadata: outcome.providerMetadata },
    );
    if (metrics.costUsd === null && resolved.ref.provider === "openrouter" && outcome.kind !== "error")
      metrics.costUsd = await listedPriceCost(resolved.id, metrics);
    const parts = storedParts(answer?.parts ?? []);
    const text = textOf(parts);
    const reasoning = parts.map((p) => (p.type === "reasoning" ? p.text : "")).join("");
    const worthSaving = parts.some((p) =>
      p.type === "text" || p.type === "reasoning" ? p.text.length > 0 : p.type !== "step-start",
    );
    let saved: ChatMessage | null = null;
    try {
      let messageId: string | null = null;
      if (ctx.continuing) {
        await saveAnswerParts({
          id: ctx.continuing.id,
          parts,
          status: outcome.kind,
          figures: { inputTokens: metrics.inputTokens, outputTokens: metrics.outputTokens, costUsd: metrics.costUsd },
        });
        messageId = ctx.continuing.id;
      } else if (worthSaving) {
        saved = await appendChatMessage({
          id: answerId,
          sessionId: ctx.sessionId,
          role: "assistant",
          parentId: ctx.promptId,
          model: resolved.id,
          status: outcome.kind,
          parts,
          inputTokens: metrics.inputTokens,
          outputTokens: metrics.outputTokens,
          latencyMs: metrics.ttftMs,
          costUsd: metrics.costUsd,
          error: outcome.kind === "error" ? outcome.message : null,
        });
        messageId = saved.id;
      }
      if (messageId) await linkToolCalls({ sessionId: ctx.sessionId, messageId, parts });
      if (notice)
        logger.info("chat", notice, { sessionId: ctx.sessionId }, { userId: ctx.user.id, agentId: ctx.agent?.id });
      if (outcome.kind === "error") {
        messageId = (await ctx.saveError(outcome.message, resolved.id)).id;
        logger.warn(
          "chat",
          `Model call to ${resolved.id} failed: ${outcome.message}`,
          { sessionId: ctx.sessionId, durationMs: metrics.durationMs },
          { userId: ctx.user.id },
        );
        if (ctx.agent) await recordAgentFailure(ctx.agent.id, { reason: outcome.message });
      }
      const ended = outcome.kind === "error" ? null : outcome;
      await recordModelCall({
        provider: resolved.ref.provider,
        model: resolved.id,
        sessionId: ctx.sessionId,
        messageId,
        agentId: ctx.agent?.id ?? null,
        userId: ctx.user.id,
        metrics,
        error: outcome.kind === "error" ? outcome.message : null,
        request: ended?.requestBody === undefined ? sent : { ...sent, providerBody: ended.requestBody },
        response: {
          status: outcome.kind,
          text,
          reasoning: reasoning || null,
          toolCalls: parts.filter(isToolUIPart).map((p) => ({ tool: getToolName(p), state: p.state })),
          finishReason: ended?.finishReason ?? null,
          usage: ended?.usage ?? null,
          providerMetadata: ended?.providerMetadata ?? null,
          response: ended?.response ?? null,
          error: outcome.kind === "error" ? outcome.message : null,
        },
      });
    } catch (err) {
      logger.error(
        "chat",
        "Saving a chat answer failed",
        { error: err instanceof Error ? err : new Error(String(err)) },
        { userId: ctx.user.id },
      );
      return null;
    }
    return saved;
  };

  const result = streamText({
    model: wrapLanguageModel({ model: resolved.model, middleware: coalesceMiddleware }),
    ...(system ? { system } : {}),
    messages: ctx.messages,
    abortSignal: request.signal,
    ...parameters,
    ...runTools.options,
    include: { requestBody: true },
    onChunk: ({ chunk }) => {
      if (chunk.type === "text-delta" || chunk.type === "reasoning-delta" || chunk.type === "tool-input-start")
        timer.firstToken();
    },
    onError: ({ error }) => {
      failure ??= explainProviderError(error, resolved.context).message;
      resolveOutcome({ kind: "error", message: failure });
    },
    onAbort: () => resolveOutcome({ kind: "stopped" }),
    onEnd: (event) =>
      resolveOutcome(
        failure
          ? { kind: "error", message: failure }
          : {
              kind: "done",
              usage: event.totalUsage,
              providerMetadata: event.providerMetadata,
              finishReason: event.finishReason,
              requestBody: event.request.body,
              response: { id: event.response.id, modelId: event.response.modelId, timestamp: event.response.timestamp },
              steps: event.steps,
            },
      ),
  });

  const onError = (error: unknown) => failure ?? explainProviderError(error, resolved.context).message;
  const recorder = createAnswerRecorder(ctx.continuing);
  // The stream closes only once the answer is saved, so the page can reload it from the database
  // (or, when it saw the whole answer, take the saved figures from the stream's last chunk).
  return createUIMessageStreamResponse({
    headers: STREAM_HEADERS,
    stream: createUIMessageStream<ChatUIMessage>({
      onError,
      execute: async ({ writer: pageWriter }) => {
        const writer = recorder.writer(pageWriter);
        const answerStream = toUIMessageStream<ToolSet, ChatUIMessage>({
          stream: result.stream,
          onError,
          // A tool's failure is a sentence for the model and the page, not a provider error to explain.
          redactToolErrors: false,
          ...(ctx.continuing ? { originalMessages: [ctx.continuing] } : { generateMessageId: () => answerId }),
        });
        // The retrieved passages open the answer (an approval's continued answer has them already).
        const sources =
          ctx.documents.data && !(ctx.continuing && findSourcesPart(ctx.continuing.parts)) ? ctx.documents.data : null;
        writer.merge(
          sources ? afterStart(answerStream, { type: "data-sources", id: "sources", data: sources }) : answerStream,
        );
        await recorder.drained();
        const outcome = await outcomePromise;
        // Max turns or the token budget cut the tool loop short: say so where the answer stops.
        const notice = outcome.kind === "done" && outcome.steps ? runTools.stopNotice(outcome.steps) : null;
        if (notice) writer.write({ type: "data-notice", data: { text: notice } });
        recorder.close();
        const answer = await recorder.message;
        // Only the passages the answer cites are marked cited.
        const saved = await save(outcome, answer && { ...answer, parts: withCitedSources(answer.parts) }, notice);
        // The saved row's figures (tokens, first token, cost, its prompt's id): the page's copy of
        // the answer then matches the database without reading it back.
        if (saved)
          writer.write({
            type: "message-metadata",
            messageMetadata: toUIMessage({ ...saved, attachments: [] }).metadata!,
          });
      },
    }),
  });
}
