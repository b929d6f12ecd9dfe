import "server-only";
import type { LanguageModel } from "ai";
import { AppError } from "@/lib/errors";
import { type ChatSource, type ChatSourcesData, describeLocation } from "@/lib/knowledge/citations";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { DEFAULT_NAMESPACES, findNamespace, getNamespace } from "@/server/knowledge/namespaces";
import { rerankPassages } from "@/server/knowledge/rerank";
import { type SearchHit, search } from "@/server/knowledge/search";
import { getSessionDocumentsById, updateSessionDocumentsById } from "@/server/knowledge/store/chat-sessions";
import { listNamespaceNamesWithCounts } from "@/server/knowledge/store/namespaces";
import { logger } from "@/server/logger";
import { getSettings } from "@/server/settings/settings";

export type { ChatSource, ChatSourcesData } from "@/lib/knowledge/citations";

export interface DocumentContext {
  /** Appended to the system prompt: the numbered passages, or "nothing relevant was found". */
  system: string | null;
  /** Every retrieved passage (all shown in the panel; the answer's [n] point into it). */
  sources: ChatSource[] | null;
  /** What was searched, for the `data-sources` part; null when documents are off or the search failed. */
  data: ChatSourcesData | null;
  /** A retrieval or embedding failure, in words the user can act on. */
  error: string | null;
}

const OFF: DocumentContext = { system: null, sources: null, data: null, error: null };
const EXCERPT_CHARS = 280;

/** A chat session's document choice; the namespace falls back to "default". */
export async function sessionDocuments(sessionId: string): Promise<{ useDocuments: boolean; namespace: string }> {
  const session = await getSessionDocumentsById({ id: sessionId });
  return { useDocuments: session?.useDocuments ?? false, namespace: session?.kbNamespace || "default" };
}

function toSource(hit: SearchHit, n: number, retrievalRank: number | null): ChatSource {
  const { rank: _rank, text, charStart: _s, charEnd: _e, ...rest } = hit;
  return {
    ...rest,
    n,
    excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text,
    retrievalRank,
    cited: false,
  };
}

/** The system-prompt addendum: numbered passages and how to cite them. */
export function passagesPrompt(
  namespace: string,
  hits: { text: string; documentTitle: string; location: string }[],
): string {
  const passages = hits
    .map((h, i) => `[${i + 1}] ${h.documentTitle}${h.location ? ` (${h.location})` : ""}\n${h.text.trim()}`)
    .join("\n\n");
  return [
    `Passages from the user's documents (knowledge base "${namespace}") that may help with the latest question:`,
    passages,
    "Answer from these passages when they are relevant. Cite each passage you use with its number in square brackets right after the statement it supports, e.g. [1] or [2][3]. Cite only passages you actually used and never invent a number. If the passages do not answer the question, say that the documents do not cover it.",
  ].join("\n\n");
}

export function nothingRelevantPrompt(namespace: string): string {
  return `The user's documents (knowledge base "${namespace}") were searched for the latest question and nothing relevant was found. Say that their documents contain nothing relevant to it. Do not cite anything and do not make up sources; if you add general knowledge, say clearly that it does not come from their documents.`;
}

function failureText(namespace: string, err: unknown): string {
  const reason = err instanceof AppError ? err.message : err instanceof Error ? err.message : String(err);
  return `Searching the documents (knowledge base "${namespace}") failed, so the model was not asked: ${reason}`;
}

/**
 * The knowledge-base context for one chat turn when the session has "Use documents" on: search
 * the session's namespace with the prompt (top K from Settings -> Data & RAG), optionally let
 * the chat model rerank the candidates, and build the system addendum. Nothing passing the
 * namespace's threshold gives the "nothing relevant" instruction; a failure comes back as `error`
 * (the caller shows it instead of answering without the documents).
 */
export async function documentContext(input: {
  userId: string;
  sessionId: string;
  query: string;
  signal?: AbortSignal;
  model?: LanguageModel;
  /** The session's choice when the caller has just read the session (saves a query on the chat's hot path). */
  choice?: { useDocuments: boolean; namespace: string };
}): Promise<DocumentContext> {
  const choice = input.choice ?? (await sessionDocuments(input.sessionId));
  if (!choice.useDocuments || !input.query.trim()) return OFF;
  const name = choice.namespace;
  try {
    // A chosen namespace that was deleted since is an error, not a silent switch to another one.
    const ns = name === "default" ? await getNamespace(name) : await findNamespace(name);
    if (!ns)
      throw new AppError(
        "NOT_FOUND",
        `There is no knowledge-base namespace "${name}" any more. Choose another one in the chat header.`,
      );
    const { rag } = await getSettings();
    const rerank = rag.rerank && input.model !== undefined;
    const result = await search({
      namespace: ns,
      query: input.query,
      topK: rerank ? Math.max(rag.chatTopK, rag.rerankCandidates) : rag.chatTopK,
      log: { origin: "chat", userId: input.userId },
    });
    let hits: { hit: SearchHit; retrievalRank: number | null }[] = result.hits.map((hit) => ({
      hit,
      retrievalRank: null,
    }));
    let reranked = false;
    if (rerank && hits.length > 1) {
      try {
        const order = await rerankPassages({
          model: input.model!,
          query: input.query,
          passages: result.hits.map((h) => ({ text: h.text, title: h.documentTitle })),
          signal: input.signal,
        });
        hits = order.map((i) => ({ hit: result.hits[i]!, retrievalRank: i + 1 }));
        reranked = true;
      } catch (err) {
        // Reranking only improves the order; the retrieval order is a sound answer on its own.
        if (input.signal?.aborted) throw err;
        logger.warn(
          "knowledge",
          `Reranking with the chat model failed; keeping the retrieval order: ${err instanceof Error ? err.message : String(err)}`,
          { namespace: name },
        );
      }
    }
    hits = hits.slice(0, rag.chatTopK);
    const sources = hits.map(({ hit, retrievalRank }, i) => toSource(hit, i + 1, retrievalRank));
    const data: ChatSourcesData = {
      namespace: name,
      query: input.query,
      embedder: result.embedder,
      reranked,
      nothingRelevant: sources.length === 0,
      sources,
    };
    const system = sources.length
      ? passagesPrompt(
          name,
          hits.map(({ hit }) => ({
            text: hit.text,
            documentTitle: hit.documentTitle,
            location: describeLocation(hit),
          })),
        )
      : nothingRelevantPrompt(name);
    return { system, sources, data, error: null };
  } catch (err) {
    if (input.signal?.aborted) throw err;
    return { ...OFF, error: failureText(name, err) };
  }
}

/** Turns "Use documents" on or off for a session the user owns, with the namespace to search (null = "default"). */
export async function setSessionDocuments(input: {
  sessionId: string;
  userId: string;
  useDocuments: boolean;
  namespace: string | null;
}) {
  await getChatSessionOrThrow({ id: input.sessionId, userId: input.userId });
  if (input.namespace && input.namespace !== "default") await getNamespace(input.namespace);
  const session = await updateSessionDocumentsById({
    id: input.sessionId,
    useDocuments: input.useDocuments,
    kbNamespace: input.namespace === "default" ? null : input.namespace,
  });
  return { useDocuments: session.useDocuments, namespace: session.kbNamespace ?? "default" };
}

/** Namespaces a chat can search: the built-in ones and every namespace created since. */
export async function chatNamespaces(): Promise<{ name: string; documents: number }[]> {
  const rows = await listNamespaceNamesWithCounts();
  const counts = new Map(rows.map((r) => [r.name, r.documents]));
  const names = [...new Set([...DEFAULT_NAMESPACES, ...rows.map((r) => r.name)])];
  return names.map((name) => ({ name, documents: counts.get(name) ?? 0 }));
}

/**
 * The answer's chunk stream with `chunk` right after its "start" chunk: a data part written
 * before "start" is dropped when the answer is assembled (a new message id resets it), and
 * after it the passages still come before the first token.
 */
export function afterStart<T extends { type: string }>(stream: ReadableStream<T>, chunk: T): ReadableStream<T> {
  let done = false;
  return stream.pipeThrough(
    new TransformStream<T, T>({
      transform(value, controller) {
        controller.enqueue(value);
        if (!done && value.type === "start") {
          done = true;
          controller.enqueue(chunk);
        }
      },
    }),
  );
}
