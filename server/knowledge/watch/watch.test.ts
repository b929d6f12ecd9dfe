import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { db } from "@/server/db";
import { search } from "@/server/knowledge/search";
import { getNamespace } from "@/server/knowledge/namespaces";
import {
  addWatchedFolder,
  listWatchedFiles,
  listWatchedFolders,
  removeWatchedFolder,
  updateWatchedFolder,
} from "@/server/knowledge/watch/folders";
import { fileMatcher } from "@/server/knowledge/watch/globs";
import { WatchManager } from "@/server/knowledge/watch/manager";
import { until } from "@/tests/support/ledger-harness";

const managers: WatchManager[] = [];
function newManager() {
  const m = new WatchManager({ renameWindowMs: 1000, stabilityMs: 200 });
  managers.push(m);
  return m;
}
afterAll(async () => {
  for (const m of managers) await m.stop();
});

function tempFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), "kb-watch-"));
}

async function docsOf(root: string) {
  const rows = await db.kbDocument.findMany({
    where: { source: "watched" },
    include: { chunks: { select: { id: true } } },
  });
  return rows.filter((d) => d.sourcePath?.startsWith(root + path.sep));
}

async function settled(what: string, root: string, probe: (docs: Awaited<ReturnType<typeof docsOf>>) => boolean) {
  return until(
    what,
    async () => {
      const docs = await docsOf(root);
      return probe(docs) ? docs : null;
    },
    25_000,
  );
}

const byName = (docs: Awaited<ReturnType<typeof docsOf>>, name: string) =>
  docs.find((d) => path.basename(d.sourcePath ?? "") === name);

describe("watched folder globs", () => {
  it("takes supported files, then include globs, then exclude globs", () => {
    const m = fileMatcher(["*.md", "notes/**/*.txt"], ["drafts/**", "*.tmp.md"]);
    expect(m("a.md")).toBe(true);
    expect(m("deep/b.md")).toBe(true);
    expect(m("notes/x/y.txt")).toBe(true);
    expect(m("other.txt")).toBe(false);
    expect(m("drafts/c.md")).toBe(false);
    expect(m("x.tmp.md")).toBe(false);
    expect(fileMatcher([], [])("photo.png")).toBe(false);
    expect(fileMatcher([], [])("any.csv")).toBe(true);
  });
});

describe("adding a watched folder", () => {
  it("refuses relative, missing and data-directory paths, files and overlaps", async () => {
    const m = newManager();
    await expect(addWatchedFolder({ path: "docs/notes", namespace: "default" }, m)).rejects.toThrow(
      /not an absolute path/,
    );
    await expect(addWatchedFolder({ path: "/no/such/folder-kb", namespace: "default" }, m)).rejects.toThrow(
      /does not exist/,
    );
    await expect(addWatchedFolder({ path: env.DATA_DIR, namespace: "default" }, m)).rejects.toThrow(/data directory/);
    const inner = path.join(env.DATA_DIR, "inner");
    mkdirSync(inner, { recursive: true });
    await expect(addWatchedFolder({ path: inner, namespace: "default" }, m)).rejects.toThrow(/data directory/);
    const root = tempFolder();
    writeFileSync(path.join(root, "f.md"), "x");
    await expect(addWatchedFolder({ path: path.join(root, "f.md"), namespace: "default" }, m)).rejects.toThrow(
      /is a file/,
    );
    await expect(addWatchedFolder({ path: "/", namespace: "default" }, m)).rejects.toThrow(/root of the file system/);
    await expect(addWatchedFolder({ path: root, namespace: "default", exclude: ["../up/**"] }, m)).rejects.toThrow(
      /relative to the folder/,
    );
    const folder = await addWatchedFolder({ path: root, namespace: "projects" }, m);
    mkdirSync(path.join(root, "sub"));
    await expect(addWatchedFolder({ path: path.join(root, "sub"), namespace: "projects" }, m)).rejects.toThrow(
      /overlaps/,
    );
    await removeWatchedFolder({ id: folder.id }, m);
  });
});

describe("a watched folder follows its files", () => {
  it("indexes, re-indexes, drops and renames while watching, and catches up after a restart", async () => {
    const root = tempFolder();
    writeFileSync(path.join(root, "alpha.md"), "# Alpha\n\nThe lighthouse keeper logs every passing ship.");
    writeFileSync(path.join(root, "beta.txt"), "Beta notes about the grain harvest in autumn.");
    writeFileSync(path.join(root, "skip.png"), "not a supported type");
    mkdirSync(path.join(root, "drafts"));
    writeFileSync(path.join(root, "drafts", "wip.md"), "Work in progress, excluded.");
    writeFileSync(path.join(root, ".hidden.md"), "Hidden files are never indexed.");

    const m = newManager();
    await m.start();
    const folder = await addWatchedFolder({ path: root, namespace: "default", exclude: ["drafts/**"] }, m);
    await m.idle();
    let docs = await docsOf(root);
    expect(docs.map((d) => path.basename(d.sourcePath!)).sort()).toEqual(["alpha.md", "beta.txt"]);
    expect(docs.every((d) => d.status === "embedded")).toBe(true);

    // added
    writeFileSync(path.join(root, "gamma.md"), "Gamma: the orchard's apple trees bloom in May.");
    docs = await settled("gamma to be indexed", root, (d) => byName(d, "gamma.md")?.status === "embedded");

    // changed
    const alphaBefore = byName(docs, "alpha.md")!;
    writeFileSync(path.join(root, "alpha.md"), "# Alpha\n\nThe lighthouse keeper now also records the weather.");
    docs = await settled(
      "alpha to be re-indexed",
      root,
      (d) => byName(d, "alpha.md")?.contentHash !== alphaBefore.contentHash,
    );
    expect(byName(docs, "alpha.md")!.id).toBe(alphaBefore.id);

    // deleted
    rmSync(path.join(root, "beta.txt"));
    docs = await settled("beta to leave the index", root, (d) => !byName(d, "beta.txt"));

    // renamed: same document, same chunks (no re-embedding)
    const gamma = byName(docs, "gamma.md")!;
    mkdirSync(path.join(root, "archive"));
    renameSync(path.join(root, "gamma.md"), path.join(root, "archive", "gamma-2025.md"));
    docs = await settled(
      "gamma's rename to be followed",
      root,
      (d) => !!byName(d, "gamma-2025.md") && !byName(d, "gamma.md"),
    );
    const moved = byName(docs, "gamma-2025.md")!;
    expect(moved.id).toBe(gamma.id);
    expect(moved.chunks.map((c) => c.id)).toEqual(gamma.chunks.map((c) => c.id));
    expect(moved.title).toBe("gamma-2025.md");

    // a file that cannot be read shows as failed with its reason
    writeFileSync(path.join(root, "broken.xlsx"), "not a spreadsheet");
    docs = await settled("the broken file to fail", root, (d) => byName(d, "broken.xlsx")?.status === "failed");
    const files = await listWatchedFiles({ id: folder.id }, m);
    expect(files[0]).toMatchObject({
      relativePath: "broken.xlsx",
      status: "failed",
      error: expect.stringMatching(/XLSX/),
    });
    const [listed] = (await listWatchedFolders(m)).filter((f) => f.id === folder.id);
    expect(listed).toMatchObject({ watching: true, counts: { embedded: 2, failed: 1 }, exclude: ["drafts/**"] });

    const hits = await search({ namespace: await getNamespace("default"), query: "orchard apple trees", topK: 3 });
    expect(hits.hits[0]?.sourcePath).toBe(path.join(root, "archive", "gamma-2025.md"));

    // offline changes: stop, change the folder, start again
    await m.stop();
    // alpha.md's new text differs in size from the indexed one, so it is re-read whatever its mtime.
    writeFileSync(path.join(root, "alpha.md"), "# Alpha\n\nWhile the app was down the keeper retired.");
    rmSync(path.join(root, "broken.xlsx"));
    writeFileSync(path.join(root, "delta.txt"), "Delta: the ferry timetable changes in winter.");
    renameSync(path.join(root, "archive", "gamma-2025.md"), path.join(root, "gamma-final.md"));
    const alphaOffline = byName(await docsOf(root), "alpha.md")!;

    const again = newManager();
    await again.start();
    await again.idle();
    docs = await docsOf(root);
    expect(docs.map((d) => path.basename(d.sourcePath!)).sort()).toEqual(["alpha.md", "delta.txt", "gamma-final.md"]);
    expect(byName(docs, "alpha.md")!.contentHash).not.toBe(alphaOffline.contentHash);
    expect(byName(docs, "gamma-final.md")!.id).toBe(gamma.id);

    // a changed exclude glob drops the files it now excludes
    await updateWatchedFolder({ id: folder.id, exclude: ["drafts/**", "delta.*"] }, again);
    await again.idle();
    expect(byName(await docsOf(root), "delta.txt")).toBeUndefined();

    // disabled: changes are not followed; removed: its documents leave the index
    await updateWatchedFolder({ id: folder.id, enabled: false }, again);
    expect(again.isWatching(folder.id)).toBe(false);
    const { removedDocuments } = await removeWatchedFolder({ id: folder.id }, again);
    expect(removedDocuments).toBe(2);
    expect(await docsOf(root)).toHaveLength(0);
  });
});
