import "server-only";
import { type FSWatcher, watch } from "chokidar";
import { env } from "@/server/env";
import type { KbWatchedFolder } from "@/server/generated/prisma/client";
import { logger } from "@/server/logger";
import {
  getWatchedFolderById,
  getWatchedFolderOrThrowById,
  listEnabledWatchedFolders,
  updateWatchedFolderById,
} from "@/server/knowledge/store/folders";
import { isSkippedName } from "@/server/knowledge/watch/globs";
import { isInside, relativeTo } from "@/server/knowledge/watch/paths";
import {
  matcherOf,
  removeFile,
  removeMissingUnder,
  type ScanSummary,
  scanFolder,
  syncFile,
} from "@/server/knowledge/watch/sync";

export interface WatchOptions {
  /** How long a deleted file waits for its twin to appear elsewhere (a rename) before it leaves the index. */
  renameWindowMs?: number;
  /** How long a file's size must stay still before it is read (copies in progress). */
  stabilityMs?: number;
  /** Polling instead of inotify (network shares, some containers). */
  usePolling?: boolean;
  /** A quick scan of every folder this often catches events a watcher missed; 0 = never. */
  scanIntervalMs?: number;
}

// Out of inotify watches or file handles: the folder is watched by polling instead.
const WATCH_LIMIT_ERRORS = new Set(["ENOSPC", "EMFILE"]);

interface Watched {
  folder: KbWatchedFolder;
  watcher: FSWatcher;
}

/**
 * One chokidar watcher per enabled folder. All work (scans and file events of every folder) runs
 * through one queue, one item at a time: embedding is CPU-bound, and two versions of one file
 * can never race. Files are ingested in-process rather than as one durable task each: a folder
 * of thousands of files would flood the Tasks page, and the start-up scan already makes the
 * work durable (whatever a crash interrupted is found again and redone).
 */
export class WatchManager {
  private readonly watched = new Map<string, Watched>();
  private readonly deletions = new Map<string, NodeJS.Timeout>();
  private readonly queued = new Map<string, Set<string>>();
  private tail: Promise<unknown> = Promise.resolve();
  private running = false;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly opts: Required<WatchOptions>;

  constructor(opts: WatchOptions = {}) {
    this.opts = {
      renameWindowMs: opts.renameWindowMs ?? 1500,
      stabilityMs: opts.stabilityMs ?? 500,
      usePolling: opts.usePolling ?? process.env.KB_WATCH_POLLING === "1",
      scanIntervalMs: opts.scanIntervalMs ?? 15 * 60_000,
    };
  }

  /** Watches every enabled folder and scans each once for changes made while the app was down. */
  async start(): Promise<void> {
    this.running = true;
    const folders = await listEnabledWatchedFolders();
    for (const folder of folders) await this.open(folder);
    if (this.opts.scanIntervalMs > 0 && !this.sweeper) {
      this.sweeper = setInterval(() => {
        for (const { folder } of this.watched.values())
          void this.rescan(folder.id).catch((err: unknown) => this.fail(folder, err));
      }, this.opts.scanIntervalMs);
      this.sweeper.unref();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const timer of this.deletions.values()) clearTimeout(timer);
    this.deletions.clear();
    await Promise.all([...this.watched.values()].map((w) => w.watcher.close()));
    this.watched.clear();
    await this.idle();
  }

  get isRunning(): boolean {
    return this.running;
  }

  isWatching(folderId: string): boolean {
    return this.watched.has(folderId);
  }

  /** Files of the folder waiting in the queue. */
  queuedFiles(folderId: string): string[] {
    return [...(this.queued.get(folderId) ?? [])];
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const tail = this.tail;
      await tail.catch(() => undefined);
      if (tail === this.tail) return;
    }
  }

  /** After a folder was added, changed, enabled, disabled or removed: watch it as stored now. */
  async reload(folderId: string): Promise<void> {
    await this.close(folderId);
    if (!this.running) return;
    const folder = await getWatchedFolderById({ id: folderId });
    if (folder?.enabled) await this.open(folder);
  }

  /** Queues a reconciliation scan and resolves with its summary. */
  rescan(folderId: string, full = false): Promise<ScanSummary> {
    return this.enqueue(folderId, null, async () => {
      const folder = await getWatchedFolderOrThrowById({ id: folderId });
      return this.scan(folder, full);
    });
  }

  private async scan(folder: KbWatchedFolder, full: boolean): Promise<ScanSummary> {
    const summary = await scanFolder(folder, { full, shouldStop: () => !this.running });
    logger.info("knowledge", `scanned watched folder ${folder.path}`, { folderId: folder.id, ...summary });
    return summary;
  }

  private async open(folder: KbWatchedFolder, usePolling = this.opts.usePolling): Promise<void> {
    const matcher = matcherOf(folder);
    const root = folder.path;
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling,
      interval: 300,
      awaitWriteFinish: { stabilityThreshold: this.opts.stabilityMs, pollInterval: 100 },
      ignored: (p, stats) => {
        if (p === root) return false;
        const rel = relativeTo(root, p);
        if (!rel || rel.split("/").some(isSkippedName) || isInside(p, env.DATA_DIR)) return true;
        return stats?.isFile() ? !matcher(rel) : false;
      },
    });
    const fileEvent = (file: string) => {
      this.cancelDeletion(file);
      void this.enqueue(folder.id, file, async () => {
        // Its namespace may have been deleted (the folder goes with it): stop watching.
        if (!(await getWatchedFolderById({ id: folder.id }))) return this.close(folder.id);
        const r = await syncFile(folder, file, matcher);
        if (r.movedFrom) this.cancelDeletion(r.movedFrom);
        if (r.outcome === "failed")
          logger.warn("knowledge", `watched file could not be indexed: ${file}`, { error: r.error });
      }).catch((err: unknown) => this.fail(folder, err));
    };
    // chokidar 4.0.2 types every event's first argument as a path or an Error.
    watcher.on("all", (event, p) => {
      if (typeof p !== "string") return;
      if (event === "add" || event === "change") fileEvent(p);
      else if (event === "unlink") this.scheduleDeletion(p, () => removeFile(folder, p).then(() => undefined), folder);
      // The watched folder itself vanishing (an unmounted disk) empties nothing; the next scan reports it.
      else if (event === "unlinkDir" && p !== root)
        this.scheduleDeletion(p, () => removeMissingUnder(folder, p).then(() => undefined), folder);
    });
    watcher.on("error", (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (!usePolling && code && WATCH_LIMIT_ERRORS.has(code) && this.watched.get(folder.id)?.watcher === watcher) {
        logger.warn("knowledge", `watching ${root} hit the system's limit (${code}); polling it instead`, {
          folderId: folder.id,
        });
        void this.close(folder.id).then(() => (this.running ? this.open(folder, true) : undefined));
        return;
      }
      void this.fail(folder, err);
    });
    this.watched.set(folder.id, { folder, watcher });
    // Chokidar is ready once its first walk is done; events after that are real changes.
    // A folder that chokidar cannot finish walking must not hang the caller (adding it, start-up).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      timer.unref();
      watcher.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    void this.enqueue(folder.id, null, () => this.scan(folder, false)).catch((err: unknown) => this.fail(folder, err));
  }

  private async close(folderId: string): Promise<void> {
    const w = this.watched.get(folderId);
    if (!w) return;
    this.watched.delete(folderId);
    await w.watcher.close();
  }

  /** A delete waits a moment: if the same bytes appear elsewhere meanwhile it was a rename. */
  private scheduleDeletion(p: string, run: () => Promise<void>, folder: KbWatchedFolder): void {
    this.cancelDeletion(p);
    const timer = setTimeout(() => {
      this.deletions.delete(p);
      void this.enqueue(folder.id, p, run).catch((err: unknown) => this.fail(folder, err));
    }, this.opts.renameWindowMs);
    timer.unref();
    this.deletions.set(p, timer);
  }

  private cancelDeletion(p: string): void {
    const timer = this.deletions.get(p);
    if (timer) clearTimeout(timer);
    this.deletions.delete(p);
  }

  private enqueue<T>(folderId: string, file: string | null, work: () => Promise<T>): Promise<T> {
    if (file) {
      if (!this.queued.has(folderId)) this.queued.set(folderId, new Set());
      this.queued.get(folderId)!.add(file);
    }
    const run = this.tail
      .catch(() => undefined)
      .then(async () => {
        if (file) this.queued.get(folderId)?.delete(file);
        // After stop() nothing more runs; a folder removed or disabled meanwhile takes no more file events.
        if (!this.running || (file && !this.watched.has(folderId))) return undefined as T;
        return work();
      });
    this.tail = run;
    return run;
  }

  private async fail(folder: KbWatchedFolder, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    logger.warn("knowledge", `watched folder ${folder.path}: ${message}`, { folderId: folder.id });
    await updateWatchedFolderById({ id: folder.id, data: { lastError: message.slice(0, 500) } }).catch(() => undefined);
  }
}

const KEY = Symbol.for("lap.kb.watchManager");
type Holder = { [KEY]?: WatchManager };

/** The process's manager (one per server process; Next bundles routes and instrumentation separately). */
export function watchManager(): WatchManager {
  const g = globalThis as Holder;
  g[KEY] ??= new WatchManager();
  return g[KEY];
}

/** Starts watching at server start; a failure is logged and never keeps the app from starting. */
export async function startWatchedFolders(): Promise<WatchManager> {
  const manager = watchManager();
  await manager
    .start()
    .catch((err: unknown) => logger.error("knowledge", "starting the watched folders failed", { error: err as Error }));
  return manager;
}
