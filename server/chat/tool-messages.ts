import { convertToModelMessages, getToolName, isToolUIPart, type ModelMessage } from "ai";
import { AppError } from "@/lib/errors";
import { type ChatUIMessage, type MessageStatus, textOf } from "@/server/chat/messages";
import {
  getMessagePositionById,
  getMessageTokensById,
  getNewestMessageBySession,
  updateChatMessageById,
} from "@/server/chat/store/messages";
import { linkToolCallsToMessage } from "@/server/chat/store/tool-calls";

type Part = ChatUIMessage["parts"][number];

export interface ApprovalDecision {
  approvalId: string;
  approved: boolean;
  reason?: string;
}

export const hasToolParts = (message: ChatUIMessage) => message.parts.some((p) => isToolUIPart(p));

/** Parts the model reads back: text and settled tool calls, in their steps; no reasoning, notices or sources. */
function modelFacing(part: Part): boolean {
  if (part.type === "text" || part.type === "step-start") return true;
  if (!isToolUIPart(part)) return false;
  // A call still waiting for approval (the user moved on) has no result the provider would accept.
  return part.state !== "approval-requested" && part.state !== "input-streaming" && part.state !== "input-available";
}

/**
 * The model messages of the saved answers that used tools, by message id, for
 * buildModelMessages: each step's text and tool calls as an assistant message, its results,
 * refusals and approval decisions as a tool message (the AI SDK's own conversion, so an approved
 * call in the last answer is run when the model is asked again).
 */
export async function toolModelMessages(history: ChatUIMessage[]): Promise<Map<string, ModelMessage[]>> {
  const out = new Map<string, ModelMessage[]>();
  for (const message of history) {
    if (message.role !== "assistant" || !hasToolParts(message)) continue;
    out.set(
      message.id,
      await convertToModelMessages([{ role: "assistant", parts: message.parts.filter(modelFacing) }], {
        ignoreIncompleteToolCalls: true,
      }),
    );
  }
  return out;
}

/**
 * The answer's parts with the user's decisions applied: each decided call moves from
 * "approval-requested" to "approval-responded". Only calls that really wait in this answer can
 * be decided, so a page cannot approve a call the server never asked about.
 */
export function applyApprovals(answer: ChatUIMessage, decisions: ApprovalDecision[]): ChatUIMessage["parts"] {
  const pending = new Map<string, Part>();
  for (const part of answer.parts)
    if (isToolUIPart(part) && part.state === "approval-requested") pending.set(part.approval.id, part);
  for (const d of decisions) {
    if (!pending.has(d.approvalId))
      throw new AppError(
        "CONFLICT",
        "This tool call no longer waits for approval (it was decided already, or a newer answer replaced it). Reload the chat.",
      );
  }
  const byId = new Map(decisions.map((d) => [d.approvalId, d]));
  return answer.parts.map((part) => {
    if (!isToolUIPart(part) || part.state !== "approval-requested") return part;
    const d = byId.get(part.approval.id);
    if (!d) return part;
    return {
      ...part,
      state: "approval-responded",
      approval: { ...part.approval, approved: d.approved, ...(d.reason ? { reason: d.reason } : {}) },
    } as Part;
  });
}

/** The calls of an answer still waiting for the user's decision. */
export function pendingApprovals(
  message: ChatUIMessage,
): { approvalId: string; toolCallId: string; toolName: string; input: unknown }[] {
  return message.parts.flatMap((part) =>
    isToolUIPart(part) && part.state === "approval-requested"
      ? [{ approvalId: part.approval.id, toolCallId: part.toolCallId, toolName: getToolName(part), input: part.input }]
      : [],
  );
}

/** Saves an answer's parts again: the decisions at once (they survive a reload), the continued answer when it ends. */
export async function saveAnswerParts(input: {
  id: string;
  parts: ChatUIMessage["parts"];
  status?: MessageStatus;
  figures?: { inputTokens: number | null; outputTokens: number | null; costUsd: number | null };
}) {
  const before = input.figures ? await getMessageTokensById({ id: input.id }) : null;
  const add = (a: number | null | undefined, b: number | null) => (a == null && b == null ? null : (a ?? 0) + (b ?? 0));
  await updateChatMessageById({
    id: input.id,
    parts: JSON.stringify(input.parts),
    text: textOf(input.parts),
    ...(input.status ? { status: input.status } : {}),
    ...(input.figures
      ? {
          inputTokens: add(before?.inputTokens, input.figures.inputTokens),
          outputTokens: add(before?.outputTokens, input.figures.outputTokens),
          costUsd: add(before?.costUsd, input.figures.costUsd),
        }
      : {}),
  });
}

/**
 * Ties the answer's ToolCall rows (recorded while it streamed, before it had an id) to the saved
 * message, and writes each call's recorded status and duration into its part for the page.
 */
export async function linkToolCalls(input: { sessionId: string; messageId: string; parts: ChatUIMessage["parts"] }) {
  const ids = input.parts.flatMap((p) => (isToolUIPart(p) ? [p.toolCallId] : []));
  if (ids.length === 0) return;
  const rows = await linkToolCallsToMessage({
    sessionId: input.sessionId,
    messageId: input.messageId,
    toolCallIds: ids,
  });
  const byCall = new Map(rows.map((r) => [r.toolCallId, r]));
  const parts = input.parts.map((p) => {
    const row = isToolUIPart(p) ? byCall.get(p.toolCallId) : undefined;
    return row && isToolUIPart(p)
      ? { ...p, toolMetadata: { ...p.toolMetadata, status: row.status, durationMs: Math.round(row.durationMs ?? 0) } }
      : p;
  });
  await updateChatMessageById({ id: input.messageId, parts: JSON.stringify(parts) });
}

/**
 * The session's newest message when it is an answer with tool calls waiting for approval, with
 * its prompt (whose history the continued answer is given); null otherwise.
 */
export async function waitingAnswer(
  sessionId: string,
): Promise<{ message: ChatUIMessage; prompt: { id: string; seq: number } } | null> {
  const row = await getNewestMessageBySession({ sessionId });
  if (row?.role !== "assistant" || !row.parentId) return null;
  const message: ChatUIMessage = {
    id: row.id,
    role: "assistant",
    parts: JSON.parse(row.parts) as ChatUIMessage["parts"],
  };
  if (pendingApprovals(message).length === 0) return null;
  const prompt = await getMessagePositionById({ id: row.parentId });
  return prompt ? { message, prompt } : null;
}

/**
 * An answer's parts as they are saved: streaming state is dropped from text and reasoning, each
 * step's reasoning comes first (providers may open the text part before the thinking), and step
 * boundaries are kept only when tools split the answer into steps (the model reads them back).
 */
export function storedParts(parts: ChatUIMessage["parts"]): ChatUIMessage["parts"] {
  const stepped = parts.some((p) => isToolUIPart(p));
  const out: ChatUIMessage["parts"] = [];
  let step: ChatUIMessage["parts"] = [];
  const flush = () => {
    out.push(...step.filter((p) => p.type === "reasoning"), ...step.filter((p) => p.type !== "reasoning"));
    step = [];
  };
  for (const p of parts) {
    if (p.type === "step-start") {
      flush();
      if (stepped) out.push(p);
    } else if (p.type === "text" || p.type === "reasoning") {
      const { state: _state, ...rest } = p;
      step.push(rest);
    } else step.push(p);
  }
  flush();
  return out;
}
