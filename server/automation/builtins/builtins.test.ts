import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/server/env";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { db } from "@/server/db";
import { runBackup } from "@/server/automation/builtins/backup";
import { runCleanup } from "@/server/automation/builtins/cleanup";
import { quietContext } from "@/server/automation/builtins/context";
import { runWithTimeout } from "@/server/automation/builtins";
import { runHealthCheck } from "@/server/automation/builtins/health-check";
import { runLogRetention } from "@/server/automation/builtins/log-retention";
import { HEALTH_KEY, readState } from "@/server/automation/runtime-state";
import { type FakeOllamaServer, startOllamaServer } from "@/tests/support/ollama-server";

const dataDir = env.DATA_DIR;
const ctx = quietContext(dataDir);
const OLD = (Date.now() - 10 * 86_400_000) / 1000;

function file(rel: string, old: boolean) {
  const p = path.join(dataDir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, "x".repeat(10));
  if (old) utimesSync(p, OLD, OLD);
  return p;
}

describe("backup", () => {
  it("writes a consistent copy of app.db, executor.db and the keys that really restores, keeping the newest N", async () => {
    await db.alert.create({
      data: { level: "info", source: "test", title: "Row to restore", message: "kept in the backup" },
    });
    const exec = new Database(path.join(dataDir, "executor.db"));
    exec.exec("CREATE TABLE IF NOT EXISTS runs (id TEXT); INSERT INTO runs VALUES ('run-1')");
    exec.close();
    file("keys/vault.key", false);

    const first = await runBackup({ keep: 2 }, ctx);
    expect(first.files.map((f) => f.name)).toEqual(["app.db", "executor.db", "keys/"]);
    const copy = new Database(path.join(first.folder, "app.db"), { readonly: true });
    expect(copy.prepare(`SELECT title FROM "Alert" WHERE source = 'test'`).get()).toEqual({ title: "Row to restore" });
    copy.close();
    const execCopy = new Database(path.join(first.folder, "executor.db"), { readonly: true });
    expect(execCopy.prepare("SELECT id FROM runs").all()).toEqual([{ id: "run-1" }]);
    execCopy.close();
    expect(existsSync(path.join(first.folder, "keys", "vault.key"))).toBe(true);

    // Backup folders are named by the millisecond: each backup starts after the clock passed the last one's.
    const nextMillisecond = (t = Date.now()) =>
      vi.waitFor(() => expect(Date.now()).toBeGreaterThan(t), { timeout: 1_000, interval: 1 });
    await nextMillisecond();
    await runBackup({ keep: 2 }, ctx);
    await nextMillisecond();
    const third = await runBackup({ keep: 2 }, ctx);
    expect(third.removed).toEqual([path.basename(first.folder)]);
    expect(readdirSync(path.join(dataDir, "backups"))).toHaveLength(2);
  });
});

describe("cleanup", () => {
  it("lists old temp files and orphaned uploads in preview, then deletes exactly those", async () => {
    const oldTmp = file("tmp/a/old.txt", true);
    const newTmp = file("tmp/new.txt", false);
    const orphan = file("uploads/u1/orphan.pdf", true);
    const newOrphan = file("uploads/u1/uploading.pdf", false);
    const user = await db.user.create({
      data: { email: "cleanup@test.local", name: "C", passwordHash: "x", role: "user" },
    });
    const session = await db.chatSession.create({ data: { userId: user.id, title: "s" } });
    const kept = file("uploads/u1/kept.pdf", true);
    await db.chatAttachment.create({
      data: {
        userId: user.id,
        sessionId: session.id,
        name: "kept.pdf",
        mime: "application/pdf",
        size: 10,
        kind: "pdf",
        path: "u1/kept.pdf",
      },
    });

    const preview = await runCleanup({ preview: true, olderThanDays: 7 }, ctx);
    expect(preview.files.map((f) => [f.reason, f.path]).sort()).toEqual([
      ["orphaned upload", path.join("uploads", "u1", "orphan.pdf")],
      ["temp file", path.join("tmp", "a", "old.txt")],
    ]);
    expect([oldTmp, orphan].every(existsSync)).toBe(true);

    const done = await runCleanup({ preview: false, olderThanDays: 7 }, ctx);
    expect(done.count).toBe(2);
    expect(existsSync(oldTmp) || existsSync(orphan)).toBe(false);
    expect([newTmp, newOrphan, kept].every(existsSync)).toBe(true);
  });
});

describe("log retention", () => {
  it("deletes entries older than the retention", async () => {
    const entry = (time: Date, message: string) => ({
      time,
      level: "INFO",
      levelNo: 20,
      subsystem: "test",
      message,
      correlationId: "c",
    });
    await db.logEntry.createMany({
      data: [entry(new Date(Date.now() - 40 * 86_400_000), "ancient"), entry(new Date(), "fresh")],
    });
    const r = await runLogRetention({ days: 30 }, ctx);
    expect(r.deleted).toBeGreaterThanOrEqual(1);
    expect(await db.logEntry.findMany({ where: { subsystem: "test" }, select: { message: true } })).toEqual([
      { message: "fresh" },
    ]);
  });
});

describe("health check", () => {
  let ollama: FakeOllamaServer;
  beforeAll(async () => {
    ollama = await startOllamaServer();
  });
  afterAll(async () => {
    await ollama.close();
  });
  const config = (ollamaUrl: string): ProviderConfig => ({
    ollamaUrl,
    openrouter: { baseUrl: "http://127.0.0.1:9", apiKey: null },
    endpoints: [],
    defaultModel: "",
  });

  it("reports providers, database and disk, stores the report and raises no alert when all is well", async () => {
    const report = await runHealthCheck({ timeoutMs: 5000, minFreeDiskMb: 0 }, ctx, { config: config(ollama.url) });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(["Database", "Disk", "Ollama"]);
    expect((await readState<{ ok: boolean }>(HEALTH_KEY))?.ok).toBe(true);
    expect(await db.alert.count({ where: { source: "health_check" } })).toBe(0);
  });

  it("raises one alert per failing check and keeps it one alert while the problem lasts", async () => {
    const closed = await startOllamaServer();
    const url = closed.url;
    await closed.close();
    for (let i = 0; i < 2; i++) {
      const report = await runHealthCheck({ timeoutMs: 2000, minFreeDiskMb: 10_000_000 }, ctx, { config: config(url) });
      expect(report.ok).toBe(false);
    }
    const alerts = await db.alert.findMany({ where: { source: "health_check" }, orderBy: { title: "asc" } });
    expect(alerts.map((a) => [a.level, a.title])).toEqual([
      ["error", "Disk is not healthy"],
      ["warning", "Ollama is not healthy"],
    ]);
  });
});

describe("timeout", () => {
  it("aborts the job's signal and fails the attempt at the deadline", async () => {
    let signal: AbortSignal | null = null;
    const never = runWithTimeout(1, (s) => {
      signal = s;
      return new Promise(() => undefined);
    });
    await expect(never).rejects.toThrow("did not finish within its timeout of 1 s");
    expect(signal!.aborted).toBe(true);
    expect(await runWithTimeout(1, async () => "done")).toBe("done");
  });
});
