import type { AttachmentInfo } from "@/server/chat/attachments";
import type { ChatRole, ChatUIMessage, MessageStatus } from "@/server/chat/messages";
import { type HistoryRow, listAttachmentInfoByMessageIds, listHistoryPageBySession } from "@/server/chat/store/history";

/**
 * Rows read by the first query: one per this many tokens of budget (a chat's messages average
 * more), within bounds. A window that needs more reads on from the oldest row read, twice as many
 * each time. Rows read beyond the window are wasted work on every turn of a long chat (each
 * carries its parts); so would be reading the newest rows again for each larger page.
 */
const TOKENS_PER_ROW_GUESS = 64;
const PAGE_BOUNDS = { min: 16, max: 120 };

export function firstPageSize(budgetTokens: number): number {
  return Math.min(PAGE_BOUNDS.max, Math.max(PAGE_BOUNDS.min, Math.ceil(budgetTokens / TOKENS_PER_ROW_GUESS)));
}
/** Role markers and separators a provider adds around each message. */
const MESSAGE_OVERHEAD_TOKENS = 4;

/** What one message costs in the model's context (4 characters a token, as estimateTokens); error notices are never sent. */
function rowTokens(row: Pick<HistoryRow, "role" | "chars">): number {
  return row.role === "system" ? 0 : Math.ceil(row.chars / 4) + MESSAGE_OVERHEAD_TOKENS;
}

/**
 * The current flow of a tail of the thread, newest first: for each prompt only its latest answer
 * (or error notice) counts, as in currentThread. Every answer is saved after its prompt, so in a
 * tail that holds an answer the later answers to the same prompt are there too.
 */
export function currentFlow<R extends Pick<HistoryRow, "role" | "parentId">>(newestFirst: R[]): R[] {
  const answered = new Set<string>();
  return newestFirst.filter((row) => {
    if (row.role === "user" || !row.parentId) return true;
    if (answered.has(row.parentId)) return false;
    answered.add(row.parentId);
    return true;
  });
}

/**
 * The newest messages of a flow (newest first, the prompt first) that fit in `budgetTokens`,
 * returned oldest first. The prompt always stays; the window starts at a prompt, so the model
 * never reads an answer without its question. `full` says whether the budget was reached.
 */
export function fitHistory<R extends Pick<HistoryRow, "role" | "chars">>(
  newestFirst: R[],
  budgetTokens: number,
): { rows: R[]; full: boolean } {
  let used = 0;
  let end = 0;
  while (end < newestFirst.length) {
    const cost = rowTokens(newestFirst[end]!);
    if (end > 0 && used + cost > budgetTokens) break;
    used += cost;
    end++;
  }
  const full = end < newestFirst.length;
  while (full && end > 1 && newestFirst[end - 1]!.role !== "user") end--;
  return { rows: newestFirst.slice(0, end).reverse(), full };
}

function parseParts(raw: string): ChatUIMessage["parts"] {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as ChatUIMessage["parts"]) : [];
  } catch {
    return [];
  }
}

function toMessage(row: HistoryRow, files: AttachmentInfo[] | undefined): ChatUIMessage {
  return {
    id: row.id,
    role: row.role as ChatRole,
    parts: parseParts(row.parts),
    metadata: {
      status: row.status as MessageStatus,
      model: row.model,
      parentId: row.parentId,
      inputTokens: null,
      outputTokens: null,
      latencyMs: null,
      costUsd: null,
      error: null,
      createdAt: new Date(row.createdAt).toISOString(),
      ...(files?.length ? { attachments: files } : {}),
    },
  };
}

/**
 * What the model reads for a prompt: the current flow up to and including the prompt (its own
 * older answers, saved after it, stay out), read newest first until the model's context budget
 * is full (null: no known limit, the whole flow).
 */
export async function loadHistoryWindow(input: {
  sessionId: string;
  promptSeq: number;
  budgetTokens: number | null;
}): Promise<ChatUIMessage[]> {
  const budget = input.budgetTokens ?? Number.POSITIVE_INFINITY;
  const read: HistoryRow[] = [];
  let window: HistoryRow[] = [];
  let before = input.promptSeq + 1;
  for (let take = Number.isFinite(budget) ? firstPageSize(budget) : -1; ; take *= 2) {
    const page = await listHistoryPageBySession({ sessionId: input.sessionId, beforeSeq: before, limit: take });
    for (const row of page) read.push(row);
    const fitted = fitHistory(currentFlow(read), budget);
    window = fitted.rows;
    if (fitted.full || take < 0 || page.length < take) break;
    before = page.at(-1)!.seq;
  }
  const files = await listAttachmentInfoByMessageIds({
    messageIds: window.filter((r) => r.hasFiles).map((r) => r.id),
  });
  return window.map((r) => toMessage(r, files.get(r.id)));
}
