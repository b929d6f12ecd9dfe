import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderConfig } from "@/server/ai/provider-config";
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
  server = await startOllamaServer({
    models: [
      ...DEFAULT_OLLAMA_MODELS,
      { name: "nomic-embed-text:latest", family: "nomic-bert", capabilities: ["embedding"] },
    ],
  });
  config = {
    ollamaUrl: server.url,
    openrouter: { baseUrl: "http://127.0.0.1:9/v1", apiKey: null },
    endpoints: [],
    defaultModel: "",
  };
});
afterAll(() => server.close());

describe("Ollama embeddings through /api/embed", () => {
  it("sends nomic's document and query prefixes in batches and returns unit vectors", async () => {
    const embedder = createEmbedder(parseEmbedderSpec("ollama:nomic-embed-text"), config);
    const vectors = await embedder.embedDocuments(["first passage", "second passage"]);
    expect(vectors).toHaveLength(2);
    expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 5);
    expect(server.lastRequest("/api/embed")?.body).toMatchObject({
      model: "nomic-embed-text",
      input: ["search_document: first passage", "search_document: second passage"],
    });
    await embedder.embedQuery("a question");
    expect(server.lastRequest("/api/embed")?.body).toMatchObject({ input: ["search_query: a question"] });
    expect(await probeDimension(embedder)).toBe(8);
  });

  it("indexes and searches a namespace whose embedder is an Ollama model", async () => {
    const embedder = createEmbedder({ provider: "ollama", model: "nomic-embed-text" }, config);
    const ns = await ensureNamespace("ollama-ns", { provider: "ollama", model: "nomic-embed-text", dimension: 8 });
    expect(ns).toMatchObject({ bm25Weight: 1, vectorWeight: 1 });
    const out = await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode("Harbour cranes unload containers."),
      fileName: "port.txt",
      source: "file",
      sourcePath: "/kb/port.txt",
      embedder,
    });
    expect(out.status).toBe("indexed");
    const result = await search({ namespace: ns, query: "containers", embedder });
    expect(result.hits[0]).toMatchObject({ sourcePath: "/kb/port.txt", bm25Rank: 1, vectorRank: 1 });
    expect(result.embedder).toBe("ollama:nomic-embed-text");
  });

  it("turns a missing model into a failed document with the provider's explanation", async () => {
    const embedder = createEmbedder({ provider: "ollama", model: "missing-embedder" }, config);
    const ns = await ensureNamespace("ollama-missing", { provider: "ollama", model: "missing-embedder", dimension: 8 });
    const out = await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode("Some text."),
      fileName: "a.txt",
      source: "file",
      sourcePath: "/kb/a.txt",
      embedder,
    });
    expect(out).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^Embedding failed: .*missing-embedder/),
    });
    expect((await db.kbDocument.findUniqueOrThrow({ where: { id: out.documentId } })).status).toBe("failed");
  });

  it("rejects an unknown embedder spec", () => {
    expect(() => parseEmbedderSpec("openrouter:x")).toThrow(AppError);
    expect(() => parseEmbedderSpec("builtin:other")).toThrow(/builtin:use-lite/);
  });
});

// No ONNX model ships in node_modules or /work/shared/models, and tests never download one: these
// check the configuration and the errors, with onnxruntime-node really loading (and refusing) a file.
describe("transformers.js embeddings (local ONNX folders)", () => {
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "onnx-model-"));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  };

  it("accepts a model id or an absolute folder as the model", () => {
    expect(parseEmbedderSpec("transformers:Xenova/all-MiniLM-L6-v2")).toEqual({
      provider: "transformers",
      model: "Xenova/all-MiniLM-L6-v2",
    });
    expect(parseEmbedderSpec("transformers:/models/e5-small")).toEqual({
      provider: "transformers",
      model: "/models/e5-small",
    });
    const e5 = createEmbedder({ provider: "transformers", model: "/models/multilingual-e5-small" });
    expect(e5).toMatchObject({ provider: "transformers", model: "/models/multilingual-e5-small", batchSize: 16 });
  });

  it("says what a local model folder lacks before loading anything", async () => {
    const missing = createEmbedder({ provider: "transformers", model: "/nowhere/model" });
    await expect(missing.embedQuery("x")).rejects.toThrow(
      /could not be loaded: the folder \/nowhere\/model does not exist/,
    );
    const partial = folder({ "config.json": "{}" });
    await expect(createEmbedder({ provider: "transformers", model: partial }).embedDocuments(["x"])).rejects.toThrow(
      /has no tokenizer\.json, onnx\/model\.onnx/,
    );
  });

  it("passes onnxruntime's own refusal of a broken model on, and a namespace's document fails with it", async () => {
    const broken = folder({
      "config.json": JSON.stringify({ model_type: "bert", hidden_size: 4 }),
      "tokenizer.json": JSON.stringify({
        version: "1.0",
        model: {
          type: "WordPiece",
          vocab: { "[UNK]": 0, "[CLS]": 1, "[SEP]": 2, hello: 3 },
          unk_token: "[UNK]",
          continuing_subword_prefix: "##",
          max_input_chars_per_word: 100,
        },
        added_tokens: [],
        normalizer: null,
        pre_tokenizer: { type: "Whitespace" },
        post_processor: null,
        decoder: null,
      }),
      "tokenizer_config.json": JSON.stringify({ model_max_length: 128 }),
      "onnx/model.onnx": "not an onnx protobuf",
    });
    const embedder = createEmbedder({ provider: "transformers", model: broken });
    const err = await embedder.embedQuery("hello").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(
      /^The transformers model could not be loaded: Load model from .+model\.onnx failed:Protobuf parsing failed\..+ONNX export of a sentence-embedding model/,
    );
    const ns = await ensureNamespace("onnx-broken", { provider: "transformers", model: broken, dimension: 4 });
    const out = await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode("hello"),
      fileName: "a.txt",
      source: "file",
      sourcePath: "/kb/onnx.txt",
    });
    expect(out).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/transformers model could not be loaded/),
    });
  });
});
