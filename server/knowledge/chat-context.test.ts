import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/chat/route";
import { db } from "@/server/db";
import {
  type ChatSourcesPart,
  citedNumbers,
  findSourcesPart,
  linkCitations,
  markCited,
} from "@/lib/knowledge/citations";
import { documentContext } from "@/server/knowledge/chat-context";
import { ingestDocument } from "@/server/knowledge/ingest";
import { createEmbedder } from "@/server/knowledge/embedders";
import { ensureNamespace } from "@/server/knowledge/namespaces";
import { parseRanking } from "@/server/knowledge/rerank";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";
import { DEFAULT_OLLAMA_MODELS, type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let ollama: FakeOllamaServer;
let user: Awaited<ReturnType<typeof makeUser>>;
const EMBEDDER = { provider: "ollama", model: "nomic-embed-text" };
const DOCS = [
  {
    name: "solar.md",
    text: "# Solar\n\nSolar panels turn sunlight into electricity. A panel makes about 400 watts at noon.",
  },
  { name: "wind.md", text: "# Wind\n\nWind turbines need steady wind of at least four metres per second." },
  { name: "tides.md", text: "# Tides\n\nTidal power uses the rise and fall of the sea twice a day." },
];

beforeAll(async () => {
  ollama = await startOllamaServer({
    models: [
      ...DEFAULT_OLLAMA_MODELS,
      { name: "nomic-embed-text:latest", family: "nomic-bert", capabilities: ["embedding"] },
    ],
  });
  await applySettings({
    actor: null,
    changes: { providers: { ollamaUrl: ollama.url }, rag: { chatTopK: 3, rerank: false } },
  });
  user = await makeUser();
  const ns = await ensureNamespace("chat-energy", { ...EMBEDDER, dimension: 8 });
  const embedder = createEmbedder(EMBEDDER);
  for (const doc of DOCS) {
    const out = await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode(doc.text),
      fileName: doc.name,
      source: "file",
      sourcePath: `/kb/${doc.name}`,
      embedder,
    });
    expect(out.status).toBe("indexed");
  }
});
afterAll(() => ollama.close());

async function documentSession(namespace: string) {
  const session = await user.caller.chat.create({ modelId: "ollama:llama3.2" });
  await user.caller.chat.setDocuments({ sessionId: session.id, useDocuments: true, namespace });
  return session;
}

interface Chunk {
  type: string;
  delta?: string;
  errorText?: string;
  data?: unknown;
}

async function turn(sessionId: string, text: string): Promise<Chunk[]> {
  const headers = new Headers(user.headers);
  headers.set("content-type", "application/json");
  const res = await POST(
    new Request("http://localhost/api/chat", { method: "POST", headers, body: JSON.stringify({ sessionId, text }) }),
  );
  const raw = await res.text();
  return raw
    .split("\n\n")
    .map((f) => f.replace(/^data: /, "").trim())
    .filter((d) => d && d !== "[DONE]")
    .map((d) => JSON.parse(d) as Chunk);
}

function systemPrompt(): string {
  const body = ollama.lastRequest("/api/chat")!.body as { messages: { role: string; content: string }[] };
  return body.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
}

describe("citation markers", () => {
  it("finds the cited numbers outside code, and links only existing ones", () => {
    const answer =
      "Panels make power [1]. Wind needs wind [2, 3][3]. Not a citation: `xs[1]`, [9], [4](http://x).\n```\nys[2]\n```";
    expect([...citedNumbers(answer, 3)].sort()).toEqual([1, 2, 3]);
    expect([...citedNumbers("only `a[2]` and [7]", 3)]).toEqual([]);
    expect(linkCitations("A [1]. B [2, 3]. C [9]. `d[1]`", 3)).toBe(
      "A [1](#cite-1). B [2](#cite-2)[3](#cite-3). C [9]. `d[1]`",
    );
  });

  it("a partial or chatty ranking keeps every passage once", () => {
    expect(parseRanking("The best are 3 and then 1.", 4)).toEqual([2, 0, 1, 3]);
    expect(parseRanking("7, 2, 2", 3)).toEqual([1, 0, 2]);
  });
});

describe("documentContext", () => {
  it("is off unless the session turned documents on", async () => {
    const session = await user.caller.chat.create({ modelId: "ollama:llama3.2" });
    expect(await documentContext({ userId: user.user.id, sessionId: session.id, query: "solar" })).toEqual({
      system: null,
      sources: null,
      data: null,
      error: null,
    });
  });

  it("numbers the retrieved passages with their scores and tells the model how to cite", async () => {
    const session = await documentSession("chat-energy");
    const ctx = await documentContext({
      userId: user.user.id,
      sessionId: session.id,
      query: "How much electricity does a solar panel make?",
    });
    expect(ctx.error).toBeNull();
    expect(ctx.sources![0]).toMatchObject({
      n: 1,
      sourcePath: "/kb/solar.md",
      headingPath: "Solar",
      bm25Rank: 1,
      cited: false,
      retrievalRank: null,
    });
    expect(ctx.sources![0]!.score).toBeGreaterThan(0);
    expect(ctx.sources![0]!.vectorDistance).not.toBeNull();
    expect(ctx.system).toContain("[1] Solar (Solar · lines 1-3)\n# Solar\n\nSolar panels turn sunlight");
    expect(ctx.system).toMatch(/Cite each passage you use/);
    expect(ctx.data).toMatchObject({
      namespace: "chat-energy",
      embedder: "ollama:nomic-embed-text",
      nothingRelevant: false,
      reranked: false,
    });
    expect(await db.kbQueryLog.count({ where: { origin: "chat", userId: user.user.id } })).toBeGreaterThan(0);
  });

  it("says nothing relevant was found when no passage passes the threshold", async () => {
    await ensureNamespace("chat-strict", { ...EMBEDDER, dimension: 8 });
    const ns = await db.kbNamespace.update({ where: { name: "chat-strict" }, data: { scoreThreshold: 0.9999 } });
    await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode(DOCS[0]!.text),
      fileName: "solar.md",
      source: "file",
      sourcePath: "/kb/strict/solar.md",
      embedder: createEmbedder(EMBEDDER),
    });
    const session = await documentSession("chat-strict");
    const ctx = await documentContext({
      userId: user.user.id,
      sessionId: session.id,
      query: "How do volcanoes erupt?",
    });
    expect(ctx).toMatchObject({ sources: [], error: null, data: { nothingRelevant: true, sources: [] } });
    expect(ctx.system).toMatch(/nothing relevant was found/);
  });

  it("an embedder that fails comes back as an error to show", async () => {
    await ensureNamespace("chat-broken", { provider: "ollama", model: "gone-embed", dimension: 8 });
    const session = await documentSession("chat-broken");
    const ctx = await documentContext({ userId: user.user.id, sessionId: session.id, query: "anything" });
    expect(ctx.system).toBeNull();
    expect(ctx.error).toMatch(/Searching the documents \(knowledge base "chat-broken"\) failed/);
    expect(ctx.error).toMatch(/gone-embed/);
  });

  it("reranks listwise with the chat model when enabled", async () => {
    await applySettings({ actor: null, changes: { rag: { rerank: true, rerankCandidates: 3 } } });
    try {
      const session = await documentSession("chat-energy");
      const before = await documentContext({
        userId: user.user.id,
        sessionId: session.id,
        query: "solar wind tides power",
      });
      const retrieved = before.sources!.map((s) => s.sourcePath);
      expect(retrieved).toHaveLength(3);
      // No model given: no rerank. With the model, it answers "3, 1" and the rest follows in retrieval order.
      ollama.script({ text: "3, 1" });
      const { resolveModel } = await import("@/server/ai/providers");
      const { model } = await resolveModel("ollama:llama3.2");
      const after = await documentContext({
        userId: user.user.id,
        sessionId: session.id,
        query: "solar wind tides power",
        model,
      });
      expect(after.data!.reranked).toBe(true);
      expect(after.sources!.map((s) => s.sourcePath)).toEqual([retrieved[2], retrieved[0], retrieved[1]]);
      expect(after.sources!.map((s) => [s.n, s.retrievalRank])).toEqual([
        [1, 3],
        [2, 1],
        [3, 2],
      ]);
      expect(JSON.stringify(ollama.lastRequest("/api/chat")!.body)).toMatch(/Rank the passages/);
    } finally {
      await applySettings({ actor: null, changes: { rag: { rerank: false } } });
    }
  });
});

describe("a chat turn with documents", () => {
  it("streams the sources, answers with citations and saves which passages were cited", async () => {
    const session = await documentSession("chat-energy");
    ollama.script({ text: "A panel makes about 400 watts at noon [1]." });
    const chunks = await turn(session.id, "How much electricity does a solar panel make?");
    const streamed = chunks.find((c) => c.type === "data-sources") as unknown as ChatSourcesPart | undefined;
    expect(streamed?.data.sources[0]).toMatchObject({ n: 1, sourcePath: "/kb/solar.md" });
    expect(systemPrompt()).toMatch(/\[1\] Solar/);

    const { messages } = await user.caller.chat.get({ id: session.id });
    const answer = messages.at(-1)!;
    expect(answer.role).toBe("assistant");
    const part = findSourcesPart(answer.parts)!;
    expect(part.data.sources.filter((s) => s.cited).map((s) => s.n)).toEqual([1]);
    expect(part.data.sources.length).toBeGreaterThan(1);
    expect(markCited(part.data, "")).toMatchObject({
      sources: part.data.sources.map(() => expect.objectContaining({ cited: false })),
    });
  });

  it("nothing relevant: the model is told so and nothing is cited", async () => {
    const session = await documentSession("chat-strict");
    ollama.script({ text: "Your documents say nothing about volcanoes." });
    await turn(session.id, "How do volcanoes erupt?");
    expect(systemPrompt()).toMatch(/nothing relevant was found/);
    const { messages } = await user.caller.chat.get({ id: session.id });
    expect(findSourcesPart(messages.at(-1)!.parts)?.data).toMatchObject({ nothingRelevant: true, sources: [] });
  });

  it("a failed search is shown and saved as an error; the model is not asked", async () => {
    const session = await documentSession("chat-broken");
    const calls = ollama.requests.filter((r) => r.path === "/api/chat").length;
    const chunks = await turn(session.id, "Anything there?");
    expect(chunks.find((c) => c.type === "error")?.errorText).toMatch(/Searching the documents .* failed/);
    expect(ollama.requests.filter((r) => r.path === "/api/chat").length).toBe(calls);
    const { messages } = await user.caller.chat.get({ id: session.id });
    expect(messages.at(-1)).toMatchObject({ role: "system", metadata: { status: "error" } });
  });
});
