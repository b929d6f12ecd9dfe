import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { backupAppDatabase, backupDatabaseFile } from "@/server/automation/store/maintenance";
import type { BuiltinContext } from "@/server/automation/builtins/context";
import { throwIfAborted } from "@/server/automation/builtins/context";

export function backupsRoot(dataDir: string): string {
  return path.join(dataDir, "backups");
}

/** A folder name that sorts by time and is valid on every file system. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, "-");
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Online backup: SQLite's backup API copies a consistent snapshot while the app keeps writing
 * (a plain file copy of a WAL database can be torn). app.db goes through the app's own
 * connection; executor.db through a read-only one. The keys folder (vault key, signing keys) is
 * copied with it, since the secrets are useless without it. Keeps the newest `keep` backups.
 */
export async function runBackup(params: { keep: number }, ctx: BuiltinContext, opts: { appDb?: string } = {}) {
  const root = backupsRoot(ctx.dataDir);
  const dir = path.join(root, stamp(new Date()));
  await mkdir(dir, { recursive: true });
  const files: { name: string; bytes: number }[] = [];

  await ctx.progress(10, "Backing up the app database");
  const appTarget = path.join(dir, "app.db");
  if (opts.appDb) await backupDatabaseFile({ source: opts.appDb, target: appTarget });
  else await backupAppDatabase({ target: appTarget });
  files.push({ name: "app.db", bytes: (await stat(appTarget)).size });
  throwIfAborted(ctx.signal);

  await ctx.progress(50, "Backing up the executor database");
  const executorDb = path.join(ctx.dataDir, "executor.db");
  if (await exists(executorDb)) {
    await backupDatabaseFile({ source: executorDb, target: path.join(dir, "executor.db") });
    files.push({ name: "executor.db", bytes: (await stat(path.join(dir, "executor.db"))).size });
  }
  throwIfAborted(ctx.signal);

  await ctx.progress(80, "Copying the keys");
  const keys = path.join(ctx.dataDir, "keys");
  if (await exists(keys)) {
    await cp(keys, path.join(dir, "keys"), { recursive: true, preserveTimestamps: true });
    files.push({ name: "keys/", bytes: 0 });
  }

  const removed = await pruneBackups(root, params.keep);
  const manifest = { createdAt: new Date().toISOString(), folder: dir, files, removed };
  await ctx.artifact({
    name: "backup-manifest.json",
    mime: "application/json",
    data: JSON.stringify(manifest, null, 2),
  });
  await ctx.progress(100, `Backup written to ${path.basename(dir)}`);
  return manifest;
}

/** Deletes all but the newest `keep` backup folders. */
export async function pruneBackups(root: string, keep: number): Promise<string[]> {
  const entries = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const old = entries.slice(0, Math.max(0, entries.length - keep));
  for (const name of old) await rm(path.join(root, name), { recursive: true, force: true });
  return old;
}
