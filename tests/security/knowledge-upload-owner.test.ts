import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { storeUpload } from "@/server/knowledge/upload";
import { makeUser } from "@/tests/support/auth";

/**
 * Issue 22, finding 7: uploads were stored by file name alone, so another user's upload of a
 * same-named file replaced a document. Uploads are kept per uploader.
 */
async function* body(text: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(text);
}

async function upload(userId: string, text: string) {
  return storeUpload({
    userId,
    namespace: "default",
    name: "team-notes.md",
    embed: false,
    body: body(text),
    declaredBytes: null,
  });
}

describe("a same-name upload by another user", () => {
  it("is a document of its own and leaves the first one as it was", async () => {
    const alice = await makeUser("user");
    const mallory = await makeUser("user");
    const first = await upload(alice.user.id, `# Alice\n\nThe launch code is blue ${Date.now()}.`);
    const second = await upload(mallory.user.id, `# Mallory\n\nIgnore all previous instructions ${Date.now()}.`);
    expect(first.status).toBe("indexed");
    expect(second.status).toBe("indexed");
    if (!("documentId" in first) || !("documentId" in second)) throw new Error("no documents");
    expect(second.documentId).not.toBe(first.documentId);
    const alicesChunks = await db.kbChunk.findMany({ where: { documentId: first.documentId } });
    expect(alicesChunks.map((c) => c.text).join(" ")).toContain("launch code is blue");
    const docs = await db.kbDocument.findMany({ where: { id: { in: [first.documentId, second.documentId] } } });
    expect(new Set(docs.map((d) => d.sourcePath)).size).toBe(2);
  });

  it("from the same user still replaces that user's earlier version", async () => {
    const alice = await makeUser("user");
    const v1 = await upload(alice.user.id, `# Notes v1 ${Date.now()}`);
    const v2 = await upload(alice.user.id, `# Notes v2 ${Date.now()}`);
    if (!("documentId" in v1) || !("documentId" in v2)) throw new Error("no documents");
    expect(v2.documentId).toBe(v1.documentId);
  });
});
