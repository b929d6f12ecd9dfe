import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { databaseFile, env } from "@/server/env";
import { db } from "@/server/db";
import { openStore } from "@/server/executor/store";
import { ensurePrivateDir } from "@/server/runtime/private-files";

/**
 * Issue 22, finding 12: DATA_DIR was 755 and app.db, executor.db and backups 644, so any local
 * user could copy every chat and document. The folder is now 700 and the databases 600, also when
 * an older version created them with the default modes.
 */
const mode = (p: string) => statSync(p).mode & 0o777;
const scratch = mkdtempSync(path.join(os.tmpdir(), "private-dir-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the data folder and its databases", () => {
  it("app.db and its WAL files are 600 once the app has opened them", async () => {
    await db.user.count();
    const file = databaseFile(env.DATABASE_URL);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
  });

  it("the executor's database is 600 in a 700 folder, created or tightened", () => {
    const dir = path.join(scratch, "data");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const store = openStore(path.join(dir, "executor.db"));
    store.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, "executor.db"))).toBe(0o600);
  });

  it("an existing 755 folder is tightened to 700", () => {
    const dir = path.join(scratch, "old");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
  });
});
