import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import { createUseLiteEmbedder } from "@/server/knowledge/embedders/use-lite";
import { AppError } from "@/lib/errors";
import { db, sqlite } from "@/server/db";
import { deleteDocument, ingestDocument, replaceChunks } from "@/server/knowledge/ingest";
import { ensureNamespace, getNamespace } from "@/server/knowledge/namespaces";
import { importEvalItems, parseEvalJsonl, runEvaluation } from "@/server/knowledge/evaluate";
import { search } from "@/server/knowledge/search";
import { SqliteVecStore } from "@/server/knowledge/vector-store";

const enc = (s: string) => new TextEncoder().encode(s);

async function chunkTexts(documentId: string): Promise<string[]> {
  return (await db.kbChunk.findMany({ where: { documentId }, orderBy: { seq: "asc" } })).map((c) => c.text);
}

async function vectorCount(dimension: number): Promise<number> {
  const row = (await sqlite()).prepare(`SELECT count(*) AS n FROM kb_vec_${dimension}`).safeIntegers(false).get() as {
    n: number;
  };
  return row.n;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

/** An embedder that answers with vectors of the wrong size, to break a replacement half-way. */
const brokenEmbedder: Embedder = {
  provider: "builtin",
  model: "use-lite",
  batchSize: 8,
  embedDocuments: async (texts) => texts.map(() => new Float32Array(3)),
  embedQuery: async () => new Float32Array(3),
};

describe("ingestion", () => {
  it("indexes a file, skips it unchanged, dedups a copy and replaces a changed version atomically", async () => {
    const ns = await ensureNamespace("ingest-a");
    const first = await ingestDocument({
      namespace: ns,
      data: enc("# Solar\n\nPanels turn sunlight into power."),
      fileName: "solar.md",
      source: "file",
      sourcePath: "/kb/solar.md",
    });
    expect(first).toMatchObject({ status: "indexed", chunkCount: 1, replaced: false });
    const doc = await db.kbDocument.findUniqueOrThrow({ where: { id: first.documentId } });
    expect(doc).toMatchObject({ status: "embedded", chunkCount: 1, mime: "text/markdown", title: "Solar" });
    expect(await vectorCount(512)).toBeGreaterThanOrEqual(1);

    const again = await ingestDocument({
      namespace: ns,
      data: enc("# Solar\n\nPanels turn sunlight into power."),
      fileName: "solar.md",
      source: "file",
      sourcePath: "/kb/solar.md",
    });
    expect(again).toEqual({ status: "unchanged", documentId: first.documentId, chunkCount: 1 });
    const copy = await ingestDocument({
      namespace: ns,
      data: enc("# Solar\n\nPanels turn sunlight into power."),
      fileName: "copy.md",
      source: "upload",
      sourcePath: "/kb/copy.md",
    });
    expect(copy).toMatchObject({ status: "duplicate", documentId: first.documentId });
    expect(await db.kbDocument.count({ where: { namespaceId: ns.id } })).toBe(1);

    const changed = await ingestDocument({
      namespace: ns,
      data: enc("# Solar\n\nPanels and batteries store power for the night."),
      fileName: "solar.md",
      source: "file",
      sourcePath: "/kb/solar.md",
    });
    expect(changed).toMatchObject({ status: "indexed", documentId: first.documentId, replaced: true });
    expect(await chunkTexts(first.documentId)).toEqual(["# Solar\n\nPanels and batteries store power for the night."]);
    const hits = await search({ namespace: ns, query: "batteries", retriever: "bm25" });
    expect(hits.hits.map((h) => h.documentId)).toEqual([first.documentId]);
    expect((await search({ namespace: ns, query: "sunlight", retriever: "bm25" })).nothingRelevant).toBe(true);
  });

  it("leaves the previous version intact when a replacement fails, and marks a new broken file failed", async () => {
    const ns = await ensureNamespace("ingest-b");
    const ok = await ingestDocument({
      namespace: ns,
      data: enc("Wind turbines need steady wind."),
      fileName: "wind.txt",
      source: "file",
      sourcePath: "/kb/wind.txt",
    });
    const vectorsBefore = await vectorCount(512);
    const broken = await ingestDocument({
      namespace: ns,
      data: enc("Wind turbines were replaced."),
      fileName: "wind.txt",
      source: "file",
      sourcePath: "/kb/wind.txt",
      embedder: brokenEmbedder,
    });
    expect(broken).toMatchObject({ status: "failed", documentId: ok.documentId, previousKept: true });
    expect(await chunkTexts(ok.documentId)).toEqual(["Wind turbines need steady wind."]);
    expect(await vectorCount(512)).toBe(vectorsBefore);
    expect(await db.kbDocument.findUniqueOrThrow({ where: { id: ok.documentId } })).toMatchObject({
      status: "embedded",
      error: expect.stringMatching(/3 dimensions/),
    });

    const corrupt = await ingestDocument({
      namespace: ns,
      data: enc("not a zip"),
      fileName: "broken.docx",
      source: "upload",
      sourcePath: "/kb/broken.docx",
    });
    expect(corrupt).toMatchObject({
      status: "failed",
      previousKept: false,
      error: expect.stringMatching(/DOCX file could not be read/),
    });
    expect(await db.kbDocument.findUniqueOrThrow({ where: { id: corrupt.documentId } })).toMatchObject({
      status: "failed",
      chunkCount: 0,
    });

    await deleteDocument(ok.documentId);
    expect(await db.kbChunk.count({ where: { documentId: ok.documentId } })).toBe(0);
    expect(await vectorCount(512)).toBe(vectorsBefore - 1);
    expect((await search({ namespace: ns, query: "wind turbines", retriever: "bm25" })).hits).toEqual([]);
  });
});

describe("hybrid search", () => {
  it("fuses BM25 and vectors, filters, caps per document and logs the query", async () => {
    const ns = await ensureNamespace("search-a");
    const long = Array.from(
      { length: 6 },
      (_, i) => `## Part ${i}\n\nThe espresso machine needs descaling every month, part ${i}.`,
    ).join("\n\n");
    const coffee = await ingestDocument({
      namespace: ns,
      data: enc(`# Coffee\n\n${long}`),
      fileName: "coffee.md",
      source: "file",
      sourcePath: "/kb/coffee.md",
      metadata: { category: "kitchen" },
    });
    await ingestDocument({
      namespace: ns,
      data: enc("Tea leaves steep for three minutes in hot water."),
      fileName: "tea.txt",
      source: "file",
      sourcePath: "/kb/tea.txt",
      metadata: { category: "kitchen" },
    });
    await ingestDocument({
      namespace: ns,
      data: enc("The espresso bar opens at nine."),
      fileName: "bar.txt",
      source: "file",
      sourcePath: "/kb/bar.txt",
      metadata: { category: "venue" },
    });
    await db.kbNamespace.update({ where: { id: ns.id }, data: { chunkSize: 30, perDocumentCap: 2 } });
    const small = await getNamespace("search-a");
    await ingestDocument({
      namespace: small,
      data: enc(`# Coffee\n\n${long}\n\nMore.`),
      fileName: "coffee.md",
      source: "file",
      sourcePath: "/kb/coffee.md",
    });
    expect((await db.kbDocument.findUniqueOrThrow({ where: { id: coffee.documentId } })).chunkCount).toBeGreaterThan(3);

    const result = await search({
      namespace: small,
      query: "how often does the espresso machine need descaling",
      topK: 10,
      log: { origin: "tester", userId: null },
    });
    expect(result.retriever).toBe("hybrid");
    expect(result.weights).toEqual({ bm25: 1, vector: 0.1 });
    expect(result.hits[0]).toMatchObject({
      documentId: coffee.documentId,
      bm25Rank: expect.any(Number),
      vectorRank: expect.any(Number),
    });
    expect(result.hits[0]!.headingPath).toMatch(/^Coffee > Part/);
    expect(result.hits[0]!.similarity).toBeGreaterThan(0);
    expect(result.hits.filter((h) => h.documentId === coffee.documentId)).toHaveLength(2);

    const venue = await search({ namespace: small, query: "espresso", filters: { metadata: { category: "venue" } } });
    expect(venue.hits.map((h) => h.sourcePath)).toEqual(["/kb/bar.txt"]);
    const logged = await db.kbQueryHit.findMany({ where: { documentId: coffee.documentId } });
    expect(logged.length).toBe(2);

    await db.kbNamespace.update({ where: { id: ns.id }, data: { scoreThreshold: 0.99 } });
    const strict = await search({ namespace: await getNamespace("search-a"), query: "quarterly tax filing deadlines" });
    expect(strict).toMatchObject({ hits: [], nothingRelevant: true });
  });

  it("ranks a namespace's chunks by BM25 when another namespace holds most of the matches", async () => {
    const big = await ensureNamespace("bm25-big");
    const small = await ensureNamespace("bm25-small");
    const chunk = (seq: number, text: string) => ({ seq, text, tokens: 10, charStart: 0, charEnd: text.length });
    for (let d = 0; d < 3; d++) {
      const doc = await ingestDocument({
        namespace: big,
        data: enc(`doc ${d}`),
        fileName: `big-${d}.txt`,
        source: "file",
        sourcePath: `/kb/big-${d}.txt`,
        embed: false,
      });
      await replaceChunks(new SqliteVecStore(await sqlite()), {
        documentId: doc.documentId,
        namespace: big,
        chunks: Array.from({ length: 60 }, (_, i) => chunk(i, `${"zebra ".repeat(1 + (i % 4))}stripes ${d} ${i}`)),
        vectors: null,
        fields: {
          title: `big ${d}`,
          mime: "text/plain",
          size: 1,
          contentHash: `big-${d}`,
          metadata: "{}",
          sourcePath: `/kb/big-${d}.txt`,
        },
      });
    }
    const mine = await ingestDocument({
      namespace: small,
      data: enc("A zebra crossing sign near the school and a long story about roads."),
      fileName: "road.txt",
      source: "file",
      sourcePath: "/kb/road.txt",
      embed: false,
    });
    const result = await search({ namespace: small, query: "zebra", retriever: "bm25" });
    expect(result.hits.map((h) => h.documentId)).toEqual([mine.documentId]);
    const inBig = await search({ namespace: big, query: "zebra stripes", retriever: "bm25", topK: 10 });
    expect(inBig.hits).toHaveLength(9);
    expect(new Set(inBig.hits.map((h) => h.documentTitle))).toEqual(new Set(["big 0", "big 1", "big 2"]));
  });

  it("refuses to search a namespace with another embedder than the one its vectors came from", async () => {
    const ns = await ensureNamespace("search-b");
    const other: Embedder = { ...createUseLiteEmbedder(), provider: "ollama", model: "nomic-embed-text" };
    const err = await rejection(search({ namespace: ns, query: "anything", embedder: other }));
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.message).toMatch(
      /holds vectors made by builtin:use-lite \(512 dimensions\); searching it with ollama:nomic-embed-text is refused/,
    );
  });

  it("removes vectors left behind by a deleted namespace", async () => {
    const ns = await ensureNamespace("search-c");
    await ingestDocument({
      namespace: ns,
      data: enc("Orphans are cleaned up."),
      fileName: "o.txt",
      source: "file",
      sourcePath: "/kb/o.txt",
    });
    await db.kbNamespace.delete({ where: { id: ns.id } });
    expect(new SqliteVecStore(await sqlite()).purgeOrphans(512)).toBe(1);
  });
});

describe("evaluation", () => {
  it("scores BM25, vectors and hybrid, keeps the history and calibrates the weights", async () => {
    const ns = await ensureNamespace("eval-a");
    const docs: Record<string, string> = {
      "backup.md": "# Backups\n\nNightly backups of the database are kept for thirty days.",
      "login.md": "# Signing in\n\nReset a forgotten password from the sign-in page.",
      "gpu.md": "# Graphics cards\n\nModels run faster when the GPU has enough video memory.",
    };
    for (const [name, text] of Object.entries(docs))
      await ingestDocument({
        namespace: ns,
        data: enc(text),
        fileName: name,
        source: "file",
        sourcePath: `/kb/${name}`,
      });
    const items = parseEvalJsonl(
      [
        JSON.stringify({ question: "how long are database backups kept", expected: ["backup.md"], note: "ignored" }),
        JSON.stringify({ question: "I forgot my password", expected: ["login.md"] }),
        "",
        JSON.stringify({ question: "video memory for models", expected: ["/kb/gpu.md"] }),
      ].join("\n"),
    );
    expect(items).toHaveLength(3);
    await importEvalItems(ns, items);
    const run = await runEvaluation(ns);
    expect(run.results.bm25).toEqual({ hit1: 1, hit5: 1, mrr10: 1 });
    expect(run.results.hybrid.hit5).toBe(1);
    const calibrated = await runEvaluation(ns, { calibrate: true });
    expect(calibrated.grid?.length).toBeGreaterThan(5);
    const stored = await getNamespace("eval-a");
    expect({ bm25: stored.bm25Weight, vector: stored.vectorWeight }).toEqual(calibrated.weights);
    expect(await db.kbEvalRun.count({ where: { namespaceId: ns.id } })).toBe(2);
  });

  it("names the line of a malformed JSONL entry", () => {
    expect(() => parseEvalJsonl('{"question":"q","expected":["a"]}\n{"question":"q2"}')).toThrow(/Line 2: expected/);
    expect(() => parseEvalJsonl("not json")).toThrow(/Line 1 is not JSON/);
  });
});

describe("the kb command line", () => {
  it("ingests a folder, answers a query as one JSON object and runs an evaluation", async () => {
    const { runKbCli } = await import("@/server/knowledge/cli/main");
    const dir = mkdtempSync(path.join(os.tmpdir(), "kb-cli-"));
    writeFileSync(path.join(dir, "rivers.md"), "# Rivers\n\nThe Danube flows through ten countries.");
    writeFileSync(path.join(dir, "mountains.txt"), "Mont Blanc is the highest mountain in the Alps.");
    writeFileSync(path.join(dir, "picture.png"), "not indexed");
    writeFileSync(
      path.join(dir, "qa.jsonl"),
      JSON.stringify({ question: "highest mountain in the Alps", expected: ["mountains.txt"] }),
    );
    const run = async (...args: string[]) => {
      let out = "";
      let err = "";
      const sink = (add: (s: string) => void) =>
        ({
          write: (s: string) => {
            add(s);
            return true;
          },
        }) as unknown as NodeJS.WritableStream;
      const code = await runKbCli(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
      return { code, out, err };
    };
    const ingested = await run("ingest", dir, "--namespace", "cli-a", "--json");
    expect(ingested.code).toBe(0);
    expect(JSON.parse(ingested.out)).toMatchObject({ namespace: "cli-a", files: 2, indexed: 2, failed: 0 });
    expect(ingested.err).toMatch(/Created namespace "cli-a"/);

    const q = await run("query", "Danube countries", "--namespace", "cli-a", "--top", "3", "--json");
    expect(q.code).toBe(0);
    const parsed = JSON.parse(q.out) as {
      hits: { sourcePath: string; headingPath: string; lineStart: number; score: number }[];
    };
    expect(parsed.hits[0]).toMatchObject({
      sourcePath: path.join(dir, "rivers.md"),
      headingPath: "Rivers",
      lineStart: 1,
    });

    const evaluated = await run("eval", path.join(dir, "qa.jsonl"), "--namespace", "cli-a");
    expect(evaluated.code).toBe(0);
    expect(evaluated.out).toMatch(/bm25\s+1\.000\s+1\.000\s+1\.000/);

    expect((await run("query", "x")).code).toBe(2);
    const refused = await run("query", "x", "--namespace", "cli-a", "--embedder", "ollama:nomic-embed-text");
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/is refused/) });
  });
});
