import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchManager } from "@/server/knowledge/watch/manager";
import { makeUser } from "@/tests/support/auth";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
}

beforeAll(() => watchManager().start());
afterAll(() => watchManager().stop());

describe("knowledgeWatch router", () => {
  it("lets an admin add, list, rescan and remove a folder, and refuses users and bad paths", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    const root = mkdtempSync(path.join(os.tmpdir(), "kb-watch-router-"));
    writeFileSync(path.join(root, "notes.md"), "# Notes\n\nThe bakery opens at six.");

    expect(await codeOf(user.caller.knowledgeWatch.folders())).toBe("FORBIDDEN");
    expect(await codeOf(user.caller.knowledgeWatch.add({ path: root, namespace: "default" }))).toBe("FORBIDDEN");
    expect(await codeOf(user.caller.knowledgeWatch.reembedStart({ namespace: "default", embedder: "ollama:x" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(admin.caller.knowledgeWatch.add({ path: "relative/dir", namespace: "default" }))).toBe(
      "BAD_REQUEST",
    );

    const folder = await admin.caller.knowledgeWatch.add({ path: root, namespace: "reports", include: ["*.md"] });
    await watchManager().idle();
    const [listed] = (await admin.caller.knowledgeWatch.folders()).filter((f) => f.id === folder.id);
    expect(listed).toMatchObject({
      namespace: "reports",
      include: ["*.md"],
      enabled: true,
      watching: true,
      counts: { embedded: 1, failed: 0 },
    });
    expect(await admin.caller.knowledgeWatch.files({ id: folder.id })).toMatchObject([
      { relativePath: "notes.md", status: "embedded", chunkCount: 1 },
    ]);
    expect(await admin.caller.knowledgeWatch.rescan({ id: folder.id })).toEqual({ started: true });
    expect(await admin.caller.knowledgeWatch.reembedEstimate({ namespace: "reports" })).toMatchObject({
      embedder: "builtin:use-lite",
      chunks: 1,
      documents: 1,
    });
    expect(await codeOf(admin.caller.knowledgeWatch.reembedCancel({ namespace: "reports" }))).toBe("CONFLICT");

    await watchManager().idle();
    expect(await admin.caller.knowledgeWatch.remove({ id: folder.id })).toEqual({ removedDocuments: 1 });
    expect(await codeOf(admin.caller.knowledgeWatch.files({ id: folder.id }))).toBe("NOT_FOUND");
  });
});
