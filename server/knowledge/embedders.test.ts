import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderConfig } from "@/lib/ai/provider-config";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { createEmbedder, parseEmbedderSpec, probeDimension } from "@/server/knowledge/embedders";
import { ingestDocument } from "@/server/knowledge/ingest";
import { ensureNamespace } from "@/server/knowledge/namespaces";
import { search } from "@/server/knowledge/search";
import { DEFAULT_OLLAMA_MODELS, type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let server: FakeOllamaServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOllamaServer({ models: [...DEFAULT_OLLAMA_MODELS, { name: "nomic-embed-text:latest", family: "nomic-bert", capabilities: ["embedding"] }] });
  config = { ollamaUrl: server.url, openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null }, endpoints: [], defaultModel: "" };
});
afterAll(() => server.close());

describe("Ollama embeddings through /api/embed", () => {
  it("sends nomic's document and query prefixes in batches and returns unit vectors", async () => {
    const embedder = createEmbedder(parseEmbedderSpec("ollama:nomic-embed-text"), config);
    const vectors = await embedder.embedDocuments(["first passage", "second passage"]);
    expect(vectors).toHaveLength(2);
    expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 5);
    expect(server.lastRequest("/api/embed")?.body).toMatchObject({ model: "nomic-embed-text", input: ["search_document: first passage", "search_document: second passage"] });
    await embedder.embedQuery("a question");
    expect(server.lastRequest("/api/embed")?.body).toMatchObject({ input: ["search_query: a question"] });
    expect(await probeDimension(embedder)).toBe(8);
  });

  it("indexes and searches a namespace whose embedder is an Ollama model", async () => {
    const embedder = createEmbedder({ provider: "ollama", model: "nomic-embed-text" }, config);
    const ns = await ensureNamespace("ollama-ns", { provider: "ollama", model: "nomic-embed-text", dimension: 8 });
    expect(ns).toMatchObject({ bm25Weight: 1, vectorWeight: 1 });
    const out = await ingestDocument({ namespace: ns, data: new TextEncoder().encode("Harbour cranes unload containers."), fileName: "port.txt", source: "file", sourcePath: "/kb/port.txt", embedder });
    expect(out.status).toBe("indexed");
    const result = await search({ namespace: ns, query: "containers", embedder });
    expect(result.hits[0]).toMatchObject({ sourcePath: "/kb/port.txt", bm25Rank: 1, vectorRank: 1 });
    expect(result.embedder).toBe("ollama:nomic-embed-text");
  });

  it("turns a missing model into a failed document with the provider's explanation", async () => {
    const embedder = createEmbedder({ provider: "ollama", model: "missing-embedder" }, config);
    const ns = await ensureNamespace("ollama-missing", { provider: "ollama", model: "missing-embedder", dimension: 8 });
    const out = await ingestDocument({ namespace: ns, data: new TextEncoder().encode("Some text."), fileName: "a.txt", source: "file", sourcePath: "/kb/a.txt", embedder });
    expect(out).toMatchObject({ status: "failed", error: expect.stringMatching(/^Embedding failed: .*missing-embedder/) });
    expect((await db.kbDocument.findUniqueOrThrow({ where: { id: out.documentId } })).status).toBe("failed");
  });

  it("rejects an unknown embedder spec", () => {
    expect(() => parseEmbedderSpec("openrouter:x")).toThrow(AppError);
    expect(() => parseEmbedderSpec("builtin:other")).toThrow(/builtin:use-lite/);
  });
});
