import { beforeAll, describe, expect, it } from "vitest";
import { sqlite } from "@/server/db";
import { flushLogs, logger, setMinLogLevel } from "@/server/logger";
import { MARK_END, MARK_START, toFtsQuery } from "@/lib/logs/fts-query";
import { purgeOldLogs } from "@/server/logs/purge";
import {
  getCorrelatedLogs,
  getLogById,
  getLogContext,
  getLogStats,
  iterateLogs,
  listLogs,
  listLogSubsystems,
  type LogViewer,
} from "@/server/logs/query-logs";

const admin: LogViewer = { id: "admin-1", role: "admin" };
const alice: LogViewer = { id: "alice", role: "user" };
const bob: LogViewer = { id: "bob", role: "user" };

beforeAll(async () => {
  setMinLogLevel("DEBUG");
  logger.debug("t-filters", "cache warmed", undefined, { userId: "alice" });
  logger.info("t-filters", "request served quickly", { path: "/x" }, { userId: "alice", taskId: "task-1" });
  logger.warn("t-filters", "disk almost full", undefined, { userId: "bob" });
  logger.error(
    "t-other",
    "embedding failed for document",
    { error: new Error("boom") },
    { userId: "bob", agentId: "agent-7" },
  );
  logger.critical("t-other", "database unreachable", undefined, { workflowId: "wf-1" });
  await flushLogs();
});

async function idsOf(viewer: LogViewer, filters: Parameters<typeof listLogs>[0]["filters"]) {
  const page = await listLogs({ viewer, filters, limit: 500 });
  return page.entries.map((e) => e.message);
}

describe("log filters", () => {
  it("filters by levels, subsystems and ids, newest first", async () => {
    expect(await idsOf(admin, { subsystems: ["t-filters"] })).toEqual([
      "disk almost full",
      "request served quickly",
      "cache warmed",
    ]);
    expect(await idsOf(admin, { subsystems: ["t-filters", "t-other"], levels: ["ERROR", "CRITICAL"] })).toEqual([
      "database unreachable",
      "embedding failed for document",
    ]);
    expect(await idsOf(admin, { taskId: "task-1" })).toEqual(["request served quickly"]);
    expect(await idsOf(admin, { agentId: "agent-7" })).toEqual(["embedding failed for document"]);
    expect(await idsOf(admin, { workflowId: "wf-1" })).toEqual(["database unreachable"]);
  });

  it("filters by time range", async () => {
    const past = new Date(Date.now() - 3_600_000);
    expect(await idsOf(admin, { subsystems: ["t-filters"], to: past })).toEqual([]);
    expect((await idsOf(admin, { subsystems: ["t-filters"], from: past })).length).toBe(3);
    expect(await idsOf(admin, { subsystems: ["t-filters"], from: new Date(Date.now() + 3_600_000) })).toEqual([]);
  });

  it("lists subsystems and level counts within what the viewer may see", async () => {
    expect(await listLogSubsystems({ viewer: admin })).toEqual(expect.arrayContaining(["t-filters", "t-other"]));
    expect(await listLogSubsystems({ viewer: alice })).toEqual(["t-filters"]);
    const stats = await getLogStats({ viewer: bob });
    expect(stats).toEqual({ total: 2, byLevel: { DEBUG: 0, INFO: 0, WARNING: 1, ERROR: 1, CRITICAL: 0 } });
  });
});

describe("visibility", () => {
  it("shows a user only their own entries and refuses others' by id", async () => {
    expect(await idsOf(alice, { subsystems: ["t-filters", "t-other"] })).toEqual([
      "request served quickly",
      "cache warmed",
    ]);
    expect(await idsOf(bob, { subsystems: ["t-filters", "t-other"] })).toEqual([
      "embedding failed for document",
      "disk almost full",
    ]);
    const [bobs] = (await listLogs({ viewer: bob, filters: { levels: ["ERROR"] }, limit: 1 })).entries;
    await expect(getLogById({ viewer: alice, id: bobs!.id })).rejects.toThrow(/not found/);
    await expect(getLogContext({ viewer: alice, id: bobs!.id })).rejects.toThrow(/not found/);
    await expect(getLogCorrelatedFor(alice, bobs!.id)).rejects.toThrow(/not found/);
    const detail = await getLogById({ viewer: admin, id: bobs!.id });
    expect(detail.stack).toContain("boom");
    expect(detail.data).toMatchObject({ error: "Error: boom" });
  });
});

function getLogCorrelatedFor(viewer: LogViewer, id: number) {
  return getCorrelatedLogs({ viewer, id });
}

describe("full-text search", () => {
  beforeAll(async () => {
    logger.info("t-fts", "the quick brown fox jumps over the lazy dog");
    logger.info("t-fts", "quota exceeded for tenant", { tenant: "zebra-co" });
    logger.info("t-fts", 'payload said "foo AND (" literally');
    await flushLogs();
  });

  it("finds words in message and data, with prefixes for the last word", async () => {
    expect(await idsOf(admin, { subsystems: ["t-fts"], q: "brown fox" })).toEqual([
      "the quick brown fox jumps over the lazy dog",
    ]);
    expect(await idsOf(admin, { subsystems: ["t-fts"], q: "zebra" })).toEqual(["quota exceeded for tenant"]);
    expect(await idsOf(admin, { subsystems: ["t-fts"], q: "quo" })).toEqual(["quota exceeded for tenant"]);
    expect(await idsOf(admin, { subsystems: ["t-fts"], q: "fox missing-word" })).toEqual([]);
  });

  it("treats hostile input as plain words, never an FTS syntax error", async () => {
    const hostile = [
      '"foo AND (',
      "-x",
      "NEAR(a b)",
      "message:fox",
      "*",
      "\"'",
      "AND OR NOT",
      "a\u0000b",
      "((((",
      "fox*^",
      "🦊 😀",
    ];
    for (const q of hostile) {
      await expect(listLogs({ viewer: admin, filters: { q }, limit: 10 })).resolves.toBeDefined();
    }
    expect(await idsOf(admin, { subsystems: ["t-fts"], q: '"foo AND (' })).toEqual([
      'payload said "foo AND (" literally',
    ]);
    expect(toFtsQuery('"foo AND (')).toBe('"""foo" "AND"*');
    expect(toFtsQuery("-x")).toBe('"-x"*');
    expect(toFtsQuery("  ( ) ")).toBeNull();
  });

  it("highlights the matches of the message with markers", async () => {
    const page = await listLogs({ viewer: admin, filters: { subsystems: ["t-fts"], q: "lazy dog" }, limit: 5 });
    expect(page.entries[0]!.highlight).toBe(
      `the quick brown fox jumps over the ${MARK_START}lazy${MARK_END} ${MARK_START}dog${MARK_END}`,
    );
    const plain = await listLogs({ viewer: admin, filters: { subsystems: ["t-fts"] }, limit: 5 });
    expect(plain.entries.every((e) => e.highlight === null)).toBe(true);
  });

  it("respects visibility while searching", async () => {
    expect(await idsOf(alice, { q: "embedding" })).toEqual([]);
    expect(await idsOf(bob, { q: "embedding" })).toEqual(["embedding failed for document"]);
  });
});

describe("pagination, context and correlation", () => {
  const ids: number[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 25; i++)
      logger.info("t-page", `entry ${i}`, undefined, {
        correlationId: i % 2 === 0 ? "corr-even-000" : "corr-odd-0000",
      });
    await flushLogs();
    const all = await listLogs({ viewer: admin, filters: { subsystems: ["t-page"] }, limit: 500 });
    ids.push(...all.entries.map((e) => e.id).reverse());
  });

  it("pages down with before and up with after", async () => {
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listLogs({ viewer: admin, filters: { subsystems: ["t-page"] }, before, limit: 10 });
      seen.push(...page.entries.map((e) => e.message));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `entry ${24 - i}`));

    const tail = await listLogs({ viewer: admin, filters: { subsystems: ["t-page"] }, after: ids[19], limit: 3 });
    expect(tail.entries.map((e) => e.message)).toEqual(["entry 22", "entry 21", "entry 20"]);
    expect(tail.more).toBe(true);
    const rest = await listLogs({
      viewer: admin,
      filters: { subsystems: ["t-page"] },
      after: tail.entries[0]!.id,
      limit: 3,
    });
    expect(rest.entries.map((e) => e.message)).toEqual(["entry 24", "entry 23"]);
    expect(rest.more).toBe(false);
  });

  it("gives ±5 entries of context around an entry", async () => {
    const ctx = await getLogContext({ viewer: admin, id: ids[10]! });
    expect(ctx.anchorId).toBe(ids[10]);
    expect(ctx.entries.map((e) => e.message)).toEqual(Array.from({ length: 11 }, (_, i) => `entry ${i + 5}`));
  });

  it("lists all entries with the same correlation id", async () => {
    const corr = await getCorrelatedLogs({ viewer: admin, id: ids[3]! });
    expect(corr.correlationId).toBe("corr-odd-0000");
    expect(corr.entries.map((e) => e.message)).toEqual(Array.from({ length: 12 }, (_, i) => `entry ${i * 2 + 1}`));
    expect(await idsOf(admin, { correlationId: "corr-even-000" })).toHaveLength(13);
  });

  it("iterates everything in batches for the export", async () => {
    const batches: number[] = [];
    for await (const batch of iterateLogs({ viewer: admin, filters: { subsystems: ["t-page"] }, batchSize: 10 }))
      batches.push(batch.length);
    expect(batches).toEqual([10, 10, 5]);
  });
});

describe("purge", () => {
  it("deletes entries older than the retention and keeps the search index in step", async () => {
    logger.info("t-purge", "ancient xylophone entry");
    logger.info("t-purge", "recent xylophone entry");
    await flushLogs();
    const conn = await sqlite();
    const [old] = (await listLogs({ viewer: admin, filters: { q: "ancient" }, limit: 1 })).entries;
    conn.prepare(`UPDATE "LogEntry" SET time = ? WHERE id = ?`).run("2000-01-01T00:00:00.000+00:00", old!.id);

    const { deleted } = await purgeOldLogs({ days: 30 });
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await idsOf(admin, { q: "xylophone" })).toEqual(["recent xylophone entry"]);
    const integrity = conn.prepare(`INSERT INTO log_fts(log_fts, rank) VALUES ('integrity-check', 1)`);
    expect(() => integrity.run()).not.toThrow();
    await expect(purgeOldLogs({ days: 0 })).rejects.toThrow(/retention/);
  });
});
