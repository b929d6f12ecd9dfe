import { beforeAll, describe, expect, it } from "vitest";
import { POST as upload } from "@/app/api/knowledge/upload/route";
import { AppError } from "@/lib/errors";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import { normalise } from "@/lib/knowledge/embedders/types";
import { db } from "@/server/db";
import { deleteDocuments, moveDocuments, reembedDocuments } from "@/server/knowledge/bulk";
import { ingestDocument } from "@/server/knowledge/ingest";
import {
  documentQueries,
  getDocument,
  listChunks,
  listDocumentIds,
  listDocuments,
  similarDocuments,
  updateMetadata,
} from "@/server/knowledge/library";
import { createNamespace, deleteNamespace, listNamespaces, renameNamespace } from "@/server/knowledge/namespace-admin";
import { ensureNamespace } from "@/server/knowledge/namespaces";
import { search } from "@/server/knowledge/search";
import { storeUpload } from "@/server/knowledge/upload";
import { applySettings } from "@/server/settings/settings";
import { makeUser } from "@/tests/support/auth";

const enc = (s: string) => new TextEncoder().encode(s);

/** Bag-of-letters vectors under the namespace's own embedder name: deterministic and fast (no model load). */
const fakeEmbedder: Embedder = {
  provider: "builtin",
  model: "use-lite",
  batchSize: 64,
  embedDocuments: async (texts) => texts.map(vectorOf),
  embedQuery: async (text) => vectorOf(text),
};
function vectorOf(text: string): Float32Array {
  const v = new Float32Array(512);
  for (const ch of text.toLowerCase()) v[ch.charCodeAt(0) % 512]! += 1;
  return normalise(v);
}

async function* body(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield p;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

let owner: Awaited<ReturnType<typeof makeUser>>;
let other: Awaited<ReturnType<typeof makeUser>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  owner = await makeUser("user");
  other = await makeUser("user");
  admin = await makeUser("admin");
});

async function addDoc(
  ns: string,
  name: string,
  text: string,
  opts: { embed?: boolean; createdById?: string; source?: "upload" | "file" } = {},
) {
  const namespace = await ensureNamespace(ns);
  const out = await ingestDocument({
    namespace,
    data: enc(text),
    fileName: name,
    source: opts.source ?? "upload",
    sourcePath: `/kb-test/${ns}/${name}`,
    embed: opts.embed ?? true,
    embedder: fakeEmbedder,
    createdById: opts.createdById ?? owner.user.id,
  });
  if (out.status !== "indexed") throw new Error(`ingest ${name}: ${out.status}`);
  return out.documentId;
}

describe("library listing", () => {
  it("pages, sorts, filters by type/status and searches names and text on the server", async () => {
    for (let i = 0; i < 25; i++)
      await addDoc("lib-list", `note-${String(i).padStart(2, "0")}.md`, `# Note ${i}\n\nPlain text number ${i}.`, {
        embed: i % 5 !== 0,
      });
    await addDoc("lib-list", "harbour.txt", "The ferry to the harbour leaves at noon.");

    const first = await listDocuments({ namespace: "lib-list", sort: "title", dir: "asc", limit: 10 });
    expect(first.total).toBe(26);
    expect(first.rows).toHaveLength(10);
    expect(first.rows[0]).toMatchObject({ title: "Note 0", type: "md" });
    const third = await listDocuments({ namespace: "lib-list", sort: "title", dir: "asc", limit: 10, offset: 20 });
    expect(third.rows.map((r) => r.title)).toHaveLength(6);
    expect(third.rows.at(-1)).toMatchObject({ title: "harbour.txt", type: "txt" });

    const pending = await listDocuments({ namespace: "lib-list", statuses: ["pending"] });
    expect(pending.total).toBe(5);
    expect((await listDocuments({ namespace: "lib-list", types: ["md"] })).total).toBe(25);
    expect((await listDocuments({ namespace: "lib-list", types: ["pdf"] })).total).toBe(0);

    const byText = await listDocuments({ namespace: "lib-list", q: "ferry" });
    expect(byText.rows.map((r) => r.title)).toEqual(["harbour.txt"]);
    const byName = await listDocuments({ namespace: "lib-list", q: "harbour" });
    expect(byName.total).toBe(1);

    const big = await listDocuments({ namespace: "lib-list", sort: "chunkCount", dir: "desc", limit: 500 });
    expect(big.rows.map((r) => r.chunkCount)).toEqual([...big.rows.map((r) => r.chunkCount)].sort((a, b) => b - a));
    expect(await listDocumentIds({ namespace: "lib-list", statuses: ["pending"] })).toHaveLength(5);
  });

  it("pages 10,000 documents with filters and sort in well under a frame budget per page", async () => {
    const ns = await ensureNamespace("lib-10k");
    const statuses = ["embedded", "pending", "failed"];
    const mimes = ["application/pdf", "text/markdown", "text/plain"];
    for (let start = 0; start < 10_000; start += 1000) {
      await db.kbDocument.createMany({
        data: Array.from({ length: 1000 }, (_, j) => {
          const i = start + j;
          return {
            namespaceId: ns.id,
            title: `doc-${String(i).padStart(5, "0")}`,
            source: "file",
            sourcePath: `/bulk/doc-${i}`,
            mime: mimes[i % 3]!,
            size: i,
            contentHash: `h${i}`,
            status: statuses[i % 3]!,
            chunkCount: i % 17,
          };
        }),
      });
    }
    const timed = async (input: Parameters<typeof listDocuments>[0]) => {
      const t = performance.now();
      const out = await listDocuments(input);
      return { out, ms: performance.now() - t };
    };
    await timed({ namespace: "lib-10k", limit: 200 });
    const deep = await timed({ namespace: "lib-10k", sort: "title", dir: "asc", offset: 9800, limit: 200 });
    expect(deep.out.total).toBe(10_000);
    expect(deep.out.rows[0]!.title).toBe("doc-09800");
    const filtered = await timed({
      namespace: "lib-10k",
      statuses: ["failed"],
      types: ["txt", "md"],
      sort: "chunkCount",
      dir: "desc",
      offset: 1000,
      limit: 200,
    });
    expect(filtered.out.total).toBe(3333);
    const searched = await timed({ namespace: "lib-10k", q: "doc-0999", limit: 200 });
    expect(searched.out.total).toBe(10);
    console.log(
      `10k documents: deep page ${deep.ms.toFixed(1)} ms, filtered+sorted ${filtered.ms.toFixed(1)} ms, name search ${searched.ms.toFixed(1)} ms`,
    );
    expect(Math.max(deep.ms, filtered.ms, searched.ms)).toBeLessThan(1000);
  });

  it("opens the page of chunks holding a cited chunk, with its location", async () => {
    const text = Array.from(
      { length: 30 },
      (_, i) => `## Part ${i}\n\nWords about part ${i}. ${"filler ".repeat(60)}`,
    ).join("\n\n");
    const id = await addDoc("lib-chunks", "long.md", `# Long\n\n${text}`, { embed: false });
    const all = await db.kbChunk.findMany({ where: { documentId: id }, orderBy: { seq: "asc" } });
    expect(all.length).toBeGreaterThan(12);
    const target = all.at(-2)!;
    const page = await listChunks({ documentId: id, limit: 5, aroundChunkId: target.id });
    expect(page.items.map((c) => c.id)).toContain(target.id);
    expect(page.offset % 5).toBe(0);
    expect(page.items.find((c) => c.id === target.id)?.headingPath).toMatch(/Long > Part/);
    expect((await refusal(listChunks({ documentId: id, aroundChunkId: 987654 }))).code).toBe("NOT_FOUND");
  });

  it("validates and saves metadata, which the query filters use", async () => {
    const id = await addDoc("lib-meta", "policy.md", "# Policy\n\nHolidays are agreed two weeks ahead.");
    expect((await refusal(updateMetadata(id, { "bad key": "x" }))).message).toMatch(/not a valid metadata key/);
    await updateMetadata(id, { category: "policies", author: "Ann", empty: "" });
    expect((await getDocument(id)).metadata).toEqual({ category: "policies", author: "Ann" });
    const ns = await ensureNamespace("lib-meta");
    const hits = await search({
      namespace: ns,
      query: "holidays",
      retriever: "bm25",
      filters: { metadata: { category: "policies" } },
    });
    expect(hits.hits).toHaveLength(1);
    const none = await search({
      namespace: ns,
      query: "holidays",
      retriever: "bm25",
      filters: { metadata: { category: "support" } },
    });
    expect(none.hits).toHaveLength(0);
  });

  it("keeps the caller's Query tester history without repeats, and lists the queries that hit a document", async () => {
    const id = await addDoc("lib-hist", "ferry.md", "# Ferry\n\nThe ferry leaves at noon from pier four.");
    for (const q of ["ferry time", "pier four", "ferry time"])
      await owner.caller.knowledge.query({ namespace: "lib-hist", query: q, retriever: "bm25" });
    expect((await owner.caller.knowledge.recentQueries({ namespace: "lib-hist" })).map((r) => r.query).sort()).toEqual([
      "ferry time",
      "pier four",
    ]);
    expect(await other.caller.knowledge.recentQueries({ namespace: "lib-hist" })).toEqual([]);
    const hits = await documentQueries(id);
    expect(hits.map((h) => h.query).sort()).toEqual(["ferry time", "ferry time", "pier four"]);
    expect(hits[0]).toMatchObject({ origin: "tester", rank: 1 });
  });

  it("finds similar documents by their vectors", async () => {
    const a = await addDoc("lib-sim", "a.txt", "aaaa bbbb cccc");
    await addDoc("lib-sim", "b.txt", "aaaa bbbb cccd");
    await addDoc("lib-sim", "z.txt", "zzzz yyyy xxxx qqqq");
    const similar = await similarDocuments(a);
    expect(similar.map((s) => s.title)).toEqual(["b.txt", "z.txt"]);
    expect(similar[0]!.similarity).toBeGreaterThan(similar[1]!.similarity);
  });
});

describe("bulk actions", () => {
  it("deletes all selected documents with their vectors, or none when one is not the caller's", async () => {
    const mine = await addDoc("bulk-del", "mine.txt", "solar panels on the roof", { createdById: owner.user.id });
    const theirs = await addDoc("bulk-del", "theirs.txt", "wind turbines on the hill", { createdById: other.user.id });
    const refused = await refusal(deleteDocuments(owner.user, [mine, theirs]));
    expect(refused.code).toBe("FORBIDDEN");
    expect(await db.kbDocument.count({ where: { id: { in: [mine, theirs] } } })).toBe(2);
    expect(await deleteDocuments(admin.user, [mine, theirs])).toBe(2);
    expect(await db.kbChunk.count({ where: { documentId: { in: [mine, theirs] } } })).toBe(0);
    const ns = await ensureNamespace("bulk-del");
    expect(
      (await search({ namespace: ns, query: "solar panels", embedder: fakeEmbedder, retriever: "vector" })).hits,
    ).toHaveLength(0);
  });

  it("moves documents with their vectors to a namespace of the same embedder", async () => {
    const id = await addDoc("bulk-from", "tide.txt", "tide tables for the harbour");
    await ensureNamespace("bulk-to");
    expect(await moveDocuments(owner.user, [id], "bulk-to")).toBe(1);
    const to = await ensureNamespace("bulk-to");
    const from = await ensureNamespace("bulk-from");
    expect(
      (await search({ namespace: to, query: "tide tables", embedder: fakeEmbedder, retriever: "vector" })).hits.map(
        (h) => h.documentId,
      ),
    ).toEqual([id]);
    expect((await search({ namespace: to, query: "tide", retriever: "bm25" })).hits).toHaveLength(1);
    expect(
      (await search({ namespace: from, query: "tide tables", embedder: fakeEmbedder, retriever: "vector" })).hits,
    ).toHaveLength(0);

    await ensureNamespace("bulk-other-embedder", { provider: "ollama", model: "nomic-embed-text", dimension: 768 });
    expect((await refusal(moveDocuments(owner.user, [id], "bulk-other-embedder"))).message).toMatch(/nomic-embed-text/);
  });

  it("re-embeds documents whose file still exists and says why others were skipped", async () => {
    const gone = await addDoc("bulk-re", "gone.txt", "this file never existed on disk");
    const sent: { name: string; data: Record<string, unknown> }[] = [];
    const out = await reembedDocuments(owner.user, [gone], async (e) => void sent.push(e));
    expect(out.queued).toEqual([]);
    expect(out.skipped[0]!.reason).toMatch(/no longer exists/);
    expect(sent).toEqual([]);
  });
});

describe("namespaces", () => {
  it("creates, renames and deletes user namespaces; the built-in ones stay", async () => {
    const names = (await listNamespaces()).map((n) => n.name);
    expect(names.slice(0, 4)).toEqual(["default", "emails", "reports", "projects"]);
    await createNamespace("ns-made");
    expect((await refusal(createNamespace("ns-made"))).code).toBe("CONFLICT");
    expect((await refusal(createNamespace("Bad Name"))).code).toBe("BAD_REQUEST");
    await renameNamespace("ns-made", "ns-renamed");
    await addDoc("ns-renamed", "x.txt", "content in a namespace about to go");
    expect((await refusal(renameNamespace("default", "other"))).code).toBe("BAD_REQUEST");
    expect((await refusal(deleteNamespace("emails"))).code).toBe("BAD_REQUEST");
    expect(await deleteNamespace("ns-renamed")).toEqual({ documents: 1 });
    expect(await db.kbNamespace.findUnique({ where: { name: "ns-renamed" } })).toBeNull();
  });

  it("lets only admins manage namespaces through the router", async () => {
    await expect(owner.caller.knowledge.createNamespace({ name: "ns-user" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(admin.caller.knowledge.createNamespace({ name: "ns-admin" })).resolves.toMatchObject({
      name: "ns-admin",
    });
  });
});

describe("upload", () => {
  it("refuses unknown types and files over the limit, reports duplicates, indexes inline without embedding", async () => {
    await ensureNamespace("up-a");
    const base = { userId: owner.user.id, namespace: "up-a", embed: false, declaredBytes: null };
    expect((await refusal(storeUpload({ ...base, name: "virus.exe", body: body(enc("MZ")) }))).message).toMatch(
      /not a supported document type/,
    );
    await applySettings({ actor: null, changes: { system: { maxUploadMb: 1 } } });
    try {
      const big = new Uint8Array(700 * 1024).fill(65);
      const tooBig = await refusal(storeUpload({ ...base, name: "big.txt", body: body(big, big) }));
      expect(tooBig.code).toBe("PAYLOAD_TOO_LARGE");
      expect(
        (await refusal(storeUpload({ ...base, name: "big.txt", declaredBytes: 5 * 1024 * 1024, body: body() }))).code,
      ).toBe("PAYLOAD_TOO_LARGE");
    } finally {
      await applySettings({ actor: null, changes: { system: { maxUploadMb: 50 } } });
    }
    expect((await refusal(storeUpload({ ...base, name: "empty.md", body: body() }))).message).toMatch(/empty/);

    const first = await storeUpload({
      ...base,
      name: "guide.md",
      body: body(enc("# Guide\n\n"), enc("Press the red button.")),
    });
    expect(first).toMatchObject({ status: "indexed" });
    const doc = await getDocument((first as { documentId: string }).documentId);
    expect(doc).toMatchObject({ status: "pending", source: "upload", createdById: owner.user.id, chunkCount: 1 });
    // Kept on disk, and shown by its name, not by its path on the server.
    expect(doc.sourceExists).toBe(true);
    expect(doc.sourcePath).toBe("guide.md");

    const copy = await storeUpload({
      ...base,
      name: "copy-of-guide.md",
      body: body(enc("# Guide\n\nPress the red button.")),
    });
    expect(copy).toMatchObject({ status: "duplicate", documentId: doc.id });
  });

  it("queues a durable ingest task when auto-embed is on", async () => {
    await ensureNamespace("up-b");
    const sent: { name: string; data: Record<string, unknown> }[] = [];
    const out = await storeUpload(
      {
        userId: owner.user.id,
        namespace: "up-b",
        name: "notes.txt",
        embed: true,
        declaredBytes: null,
        body: body(enc("remember the milk")),
      },
      async (e) => void sent.push(e),
    );
    expect(out.status).toBe("queued");
    expect(sent[0]).toMatchObject({
      name: "kb/document.ingest",
      data: { namespace: "up-b", source: "upload", fileName: "notes.txt", createdById: owner.user.id },
    });
    const task = await db.task.findUniqueOrThrow({ where: { id: (out as { taskId: string }).taskId } });
    expect(task).toMatchObject({ kind: "ingest", ownerId: owner.user.id, originType: "document" });
    const [status] = await owner.caller.knowledge.uploadStatus({ taskIds: [task.id] });
    expect(status).toMatchObject({ taskId: task.id });
    expect(await other.caller.knowledge.uploadStatus({ taskIds: [task.id] })).toEqual([]);
  });

  it("answers over HTTP: 400 for a bad name, 201 when stored, 200 for a duplicate", async () => {
    const send = (name: string, data: string, namespace = "up-http") => {
      const url = `http://localhost/api/knowledge/upload?namespace=${namespace}&name=${encodeURIComponent(name)}&embed=0`;
      return upload(new Request(url, { method: "POST", headers: owner.headers, body: enc(data) }));
    };
    await ensureNamespace("up-http");
    expect((await send("a.md", "hello", "nowhere")).status).toBe(404);
    const bad = await send("photo.png", "png");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /not a supported document type/,
    );
    expect((await send("a.md", "hello", "Bad Namespace")).status).toBe(400);
    const stored = await send("a.md", "# A\n\nhello there");
    expect(stored.status).toBe(201);
    const dup = await send("b.md", "# A\n\nhello there");
    expect(dup.status).toBe(200);
    expect(await dup.json()).toMatchObject({ status: "duplicate" });
  });
});
