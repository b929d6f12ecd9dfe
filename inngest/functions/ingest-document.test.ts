import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT } from "@/inngest/events/names";
import { createIngestDocument } from "@/inngest/functions/ingest-document";
import { db } from "@/server/db";
import { enqueueTask } from "@/server/tasks/enqueue";
import { makeUser } from "@/tests/support/auth";
import { startLedgerHarness, until } from "@/tests/support/ledger-harness";

let h: Awaited<ReturnType<typeof startLedgerHarness>>;

beforeAll(async () => {
  h = await startLedgerHarness(true, (client) => [createIngestDocument(client)]);
});
afterAll(() => h.close());

const finished = (id: string) => () =>
  db.task.findFirst({ where: { id, status: { in: ["succeeded", "failed", "cancelled"] } } });

async function start(ownerId: string, data: Record<string, unknown>) {
  return enqueueTask(
    { kind: "ingest", title: "Ingest", eventName: EVENT.ingestDocument, data, ownerId, originType: "document" },
    (e) => h.client.send(e),
  );
}

describe("kb-ingest-document", () => {
  it("indexes a file as a task with progress, and fails a corrupt one with the reason", async () => {
    const { user } = await makeUser("user");
    const dir = mkdtempSync(path.join(os.tmpdir(), "kb-fn-"));
    const file = path.join(dir, "harbour.md");
    writeFileSync(file, "# Harbour\n\nThe ferry leaves at noon.");
    const task = await start(user.id, { namespace: "default", filePath: file, source: "upload", createdById: user.id });
    const done = await until("the ingestion to finish", finished(task.id));
    expect(done).toMatchObject({ status: "succeeded", progress: 100, progressMessage: "Indexed 1 chunks" });
    const doc = await db.kbDocument.findFirstOrThrow({ where: { sourcePath: file } });
    expect(doc).toMatchObject({ status: "embedded", chunkCount: 1, source: "upload", createdById: user.id });

    const broken = path.join(dir, "broken.xlsx");
    writeFileSync(broken, "not a spreadsheet");
    const failing = await start(user.id, { namespace: "default", filePath: broken, source: "upload" });
    const failed = await until("the failing ingestion to finish", finished(failing.id));
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toMatch(/XLSX file could not be read/);
  });
});
