import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKbReembed } from "@/inngest/functions/kb-reembed";
import { db, sqlite } from "@/server/db";
import { createEmbedder } from "@/server/knowledge/embedders";
import { ingestDocument } from "@/server/knowledge/ingest";
import { ensureNamespace, getNamespace } from "@/server/knowledge/namespaces";
import {
  embedNextBatch,
  estimateReembed,
  latestReembed,
  startReembed,
  switchNamespace,
} from "@/server/knowledge/reembed";
import { search } from "@/server/knowledge/search";
import { applySettings } from "@/server/settings/settings";
import { startLedgerHarness, until } from "@/tests/support/ledger-harness";
import { DEFAULT_OLLAMA_MODELS, type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

let h: Awaited<ReturnType<typeof startLedgerHarness>>;
let ollama: FakeOllamaServer;

beforeAll(async () => {
  ollama = await startOllamaServer({
    models: [
      ...DEFAULT_OLLAMA_MODELS,
      { name: "nomic-embed-text:latest", family: "nomic-bert", capabilities: ["embedding"] },
    ],
  });
  await applySettings({ actor: null, changes: { providers: { ollamaUrl: ollama.url } } });
  h = await startLedgerHarness(true, (client) => [createKbReembed(client)]);
});
afterAll(async () => {
  await h.close();
  await ollama.close();
});

const texts = [
  "The harbour master schedules the evening ferries.",
  "Grain silos along the river hold the autumn harvest.",
  "The observatory opens its dome on clear nights.",
];

async function seed(name: string) {
  const ns = await ensureNamespace(name);
  for (const [i, t] of texts.entries()) {
    const out = await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode(t),
      fileName: `doc-${i}.txt`,
      source: "file",
      sourcePath: `/kb/${name}/doc-${i}.txt`,
    });
    expect(out.status).toBe("indexed");
  }
  return ns;
}

async function vectorCount(dimension: number, namespaceId: string): Promise<number> {
  const raw = await sqlite();
  return (
    raw
      .prepare(`SELECT COUNT(*) AS n FROM kb_vec_${dimension} WHERE namespace_id = ?`)
      .safeIntegers(false)
      .get(namespaceId) as { n: number }
  ).n;
}

describe("guided re-embed", () => {
  it("re-embeds a namespace as a durable task, switches it, and refuses searches with the old model", async () => {
    const ns = await seed("reembed-task");
    expect(await estimateReembed("reembed-task")).toMatchObject({
      embedder: "builtin:use-lite",
      dimension: 512,
      chunks: 3,
      documents: 3,
      steps: 1,
    });
    await expect(
      startReembed({ namespace: "reembed-task", embedder: "builtin:use-lite", ownerId: null }, (e) => h.client.send(e)),
    ).rejects.toThrow(/already uses/);
    await expect(
      startReembed({ namespace: "reembed-task", embedder: "ollama:missing-model", ownerId: null }, (e) =>
        h.client.send(e),
      ),
    ).rejects.toThrow(/missing-model/);

    const task = await startReembed(
      { namespace: "reembed-task", embedder: "ollama:nomic-embed-text", ownerId: null },
      (e) => h.client.send(e),
    );
    const done = await until(
      "the re-embed to finish",
      () => db.task.findFirst({ where: { id: task.id, status: { in: ["succeeded", "failed", "cancelled"] } } }),
      30_000,
    );
    expect(done).toMatchObject({ status: "succeeded", progress: 100 });
    expect(await latestReembed("reembed-task")).toMatchObject({ id: task.id, status: "succeeded" });

    const switched = await getNamespace("reembed-task");
    expect(switched).toMatchObject({
      embedderProvider: "ollama",
      embedderModel: "nomic-embed-text",
      dimension: 8,
      vectorWeight: 1,
    });
    expect(await vectorCount(8, ns.id)).toBe(3);
    expect(await vectorCount(512, ns.id)).toBe(0);

    const result = await search({ namespace: switched, query: "observatory dome", retriever: "vector" });
    expect(result.embedder).toBe("ollama:nomic-embed-text");
    expect(result.hits).toHaveLength(3);
    await expect(
      search({
        namespace: switched,
        query: "ferries",
        embedder: createEmbedder({ provider: "builtin", model: "use-lite" }),
      }),
    ).rejects.toThrow(
      /holds vectors made by ollama:nomic-embed-text \(8 dimensions\); searching it with builtin:use-lite is refused/,
    );
  });

  it("keeps the old vectors searchable until every chunk, also newly arrived ones, has a new vector", async () => {
    const ns = await seed("reembed-steps");
    const req = { namespace: "reembed-steps", provider: "ollama", model: "nomic-embed-text", dimension: 8 };
    const embedder = createEmbedder({ provider: "ollama", model: "nomic-embed-text" });
    expect(await embedNextBatch(req, embedder, 2)).toEqual({ staged: 2, remaining: 1 });
    const during = await search({ namespace: await getNamespace("reembed-steps"), query: "grain silos harvest" });
    expect(during.embedder).toBe("builtin:use-lite");
    expect(during.hits[0]?.sourcePath).toBe("/kb/reembed-steps/doc-1.txt");

    expect(await embedNextBatch(req, embedder)).toEqual({ staged: 3, remaining: 0 });
    await ingestDocument({
      namespace: ns,
      data: new TextEncoder().encode("A late document about lighthouses."),
      fileName: "late.txt",
      source: "file",
      sourcePath: "/kb/reembed-steps/late.txt",
    });
    expect(await switchNamespace(req)).toBe(false);
    expect((await getNamespace("reembed-steps")).dimension).toBe(512);
    expect(await embedNextBatch(req, embedder)).toEqual({ staged: 4, remaining: 0 });
    expect(await switchNamespace(req)).toBe(true);
    expect(await vectorCount(8, ns.id)).toBe(4);
    const after = await search({ namespace: await getNamespace("reembed-steps"), query: "lighthouses" });
    expect(after.hits.some((hit) => hit.sourcePath === "/kb/reembed-steps/late.txt")).toBe(true);
  });
});
