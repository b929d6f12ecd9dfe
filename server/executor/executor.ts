import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { scheduleCron, Engine } from "./engine";
import { createEventApi } from "./event-api";
import { parseFunctions, SyncError, type FunctionDef } from "./functions";
import { syncApp } from "./protocol";
import { hashedSigningKey } from "./signing";
import { JobQueue, pidAlive } from "./queue";
import { RunState, type EventInput } from "./state";
import { openStore, type Db, type JobRow, type RunRow } from "./store";

/**
 * The embedded executor: an Inngest-compatible backend for one app on one machine. It serves the
 * event API on its own loopback port, syncs the app in-band, and drives runs from SQLite jobs.
 */
export interface ExecutorOptions {
  dbFile: string;
  /** The app's serve() endpoint, e.g. http://127.0.0.1:3000/api/inngest. */
  appUrl: string;
  signingKey: string;
  eventKey: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Calls in flight at once, over all functions. */
  concurrency?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  leaseMs?: number;
  callTimeoutMs?: number;
  maxStepOutputBytes?: number;
  /** Sync again this often (development: functions change with hot reload); 0 = only at start. */
  resyncEveryMs?: number;
  /** How long finished runs stay in the executor's database. */
  runRetentionDays?: number;
  /** Send ctx.fn_id so the SDK checkpoints consecutive steps instead of one call per step. */
  checkpointing?: boolean;
  log?: (level: "info" | "warn" | "error", message: string, data?: Record<string, unknown>) => void;
}

type Logger = NonNullable<ExecutorOptions["log"]>;

export class Executor {
  readonly db: Db;
  private functions = new Map<string, FunctionDef>();
  private queue: JobQueue;
  readonly state: RunState;
  private engine: Engine;
  private server: Server | null = null;
  private inflight = new Map<number, Promise<void>>();
  private inflightByFn = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private syncedConfig = "";
  private tickQueued = false;
  private stopped = true;
  private log: Logger;
  private opts: Required<Omit<ExecutorOptions, "log">>;
  url = "";
  private markSynced!: () => void;
  /** Resolves after the first successful sync of this process. */
  readonly synced = new Promise<void>((resolve) => {
    this.markSynced = resolve;
  });

  constructor(options: ExecutorOptions) {
    this.opts = {
      host: "127.0.0.1",
      port: 0,
      concurrency: 32,
      backoffBaseMs: 1_000,
      backoffMaxMs: 10 * 60_000,
      leaseMs: 60_000,
      callTimeoutMs: 30 * 60_000,
      maxStepOutputBytes: 4 * 1024 * 1024,
      checkpointing: true,
      runRetentionDays: 7,
      resyncEveryMs: 0,
      ...options,
    };
    this.log = options.log ?? (() => {});
    this.db = openStore(this.opts.dbFile);
    this.queue = new JobQueue(this.db, process.pid);
    this.state = new RunState(
      this.db,
      this.queue,
      this.functions,
      () => Date.now(),
      () => this.notify(),
    );
    this.engine = new Engine(
      this.state,
      {
        app: { url: this.opts.appUrl, signingKey: this.opts.signingKey, timeoutMs: this.opts.callTimeoutMs },
        backoffBaseMs: this.opts.backoffBaseMs,
        backoffMaxMs: this.opts.backoffMaxMs,
        maxStepOutputBytes: this.opts.maxStepOutputBytes,
        checkpointing: this.opts.checkpointing,
        log: this.log,
      },
      () => Date.now(),
    );
    // The last sync's functions, so events and timers work before this start's sync completes.
    // One that this version no longer accepts waits for the sync, which will name the problem.
    for (const row of this.db.prepare(`SELECT config FROM functions`).all() as { config: string }[]) {
      try {
        for (const fn of parseFunctions([JSON.parse(row.config)])) this.functions.set(fn.id, fn);
      } catch {}
    }
  }

  /** Claims the database, frees a crashed process's leases and opens the event API. */
  async start(): Promise<void> {
    const owner = this.db.prepare(`SELECT value FROM meta WHERE key = 'owner'`).get() as { value: string } | undefined;
    const pid = owner ? Number(owner.value) : null;
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(`Another executor (pid ${pid}) is using ${this.opts.dbFile}; only one may run per database.`);
    }
    this.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('owner', ?)`).run(String(process.pid));
    const released = this.queue.releaseDeadLeases(pidAlive, true);
    if (released) this.log("info", "took over jobs of a stopped executor", { jobs: released });
    const server = createEventApi({
      eventKey: this.opts.eventKey,
      apiToken: hashedSigningKey(this.opts.signingKey),
      checkpoint: (runId, queueItemId, steps) => {
        const status = this.engine.checkpoint(runId, queueItemId, steps);
        this.notify();
        return status;
      },
      ingest: (events) => this.send(events),
      // Until this start's first sync (bounded: a failing sync must not hold events forever),
      // so events sent while the app boots trigger the functions it has now.
      ready: () => Promise.race([this.synced, new Promise<void>((r) => setTimeout(r, 10_000).unref())]),
      health: () => ({ status: "ok", functions: this.functions.size, inflight: this.inflight.size }),
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(this.opts.port, this.opts.host, () => resolve());
      });
    } catch (err) {
      this.close();
      throw err;
    }
    server.keepAliveTimeout = 60_000;
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://${this.opts.host}:${port}/`;
    this.stopped = false;
    this.renewTimer = setInterval(
      () => this.queue.renewAll(Date.now() + this.opts.leaseMs),
      Math.max(1000, this.opts.leaseMs / 3),
    );
    this.renewTimer.unref();
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), 3_600_000);
    this.pruneTimer.unref();
    if (this.opts.resyncEveryMs > 0) {
      this.resyncTimer = setInterval(() => {
        void this.sync().catch((err: unknown) => this.log("warn", "resync failed", { reason: (err as Error).message }));
      }, this.opts.resyncEveryMs);
      this.resyncTimer.unref();
    }
    this.notify();
  }

  /** In-band sync; throws SyncError when a function uses an option this executor does not support. */
  async sync(): Promise<FunctionDef[]> {
    const res = await syncApp({ url: this.opts.appUrl, signingKey: this.opts.signingKey, timeoutMs: 30_000 });
    const defs = parseFunctions(res.functions);
    const config = JSON.stringify(res.functions);
    if (config === this.syncedConfig) return defs;
    const now = Date.now();
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM functions`).run();
      const insert = this.db.prepare(`INSERT INTO functions (id, name, config, synced_at) VALUES (?, ?, ?, ?)`);
      for (const [i, def] of defs.entries()) insert.run(def.id, def.name, JSON.stringify(res.functions[i]), now);
      this.functions.clear();
      for (const def of defs) this.functions.set(def.id, def);
      const keep = new Set(defs.flatMap((d) => d.crons.map((c) => `cron:${d.id}:${c.source}`)));
      for (const row of this.db.prepare(`SELECT id, key FROM jobs WHERE kind = 'cron' AND key IS NOT NULL`).all() as {
        id: number;
        key: string;
      }[]) {
        if (!keep.has(row.key)) this.queue.done(row.id);
      }
      for (const def of defs) for (const c of def.crons) scheduleCron(this.state, def.id, c.source, c, now);
    })();
    this.syncedConfig = config;
    this.log("info", "app synced", { appId: res.app_id, functions: defs.map((d) => d.id) });
    this.markSynced();
    this.notify();
    return defs;
  }

  /** Syncs until the app answers (it may still be starting); gives up only on a SyncError. */
  async syncWhenReady(maxDelayMs = 5_000): Promise<FunctionDef[]> {
    let delay = 200;
    for (;;) {
      try {
        return await this.sync();
      } catch (err) {
        if (err instanceof SyncError || this.stopped) throw err;
        this.log("info", "app not ready for sync yet", { reason: (err as Error).message, retryInMs: delay });
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, maxDelayMs);
      }
    }
  }

  send(events: EventInput[]): string[] {
    return this.db.transaction(() => this.state.ingest(events))();
  }

  /** Cancels a queued, sleeping, waiting or running run (a step in flight finishes; nothing after it runs). */
  cancel(runId: string): boolean {
    return this.db.transaction(() => {
      const run = this.state.getRun(runId);
      if (!run || (run.status !== "queued" && run.status !== "running")) return false;
      this.state.finish(run, "cancelled", null, { name: "Error", message: "function cancelled" });
      return true;
    })();
  }

  /**
   * Pauses a queued or running run between steps: a step in flight finishes (and is kept), and
   * nothing after it starts until `resume`, also across restarts. An event a wait was waiting for
   * is kept while paused; a sleep that ends while paused wakes on resume.
   */
  pause(runId: string): boolean {
    return this.db.transaction(() => {
      const run = this.state.getRun(runId);
      if (!run || (run.status !== "queued" && run.status !== "running")) return false;
      this.state.pause(runId);
      return true;
    })();
  }

  /** Lets a paused run go on; false when it was not paused. */
  resume(runId: string): boolean {
    return this.state.unpause(runId);
  }

  isPaused(runId: string): boolean {
    return this.state.isPaused(runId);
  }

  getRun(id: string): RunRow | undefined {
    return this.state.getRun(id);
  }

  runs(functionId?: string): RunRow[] {
    return (
      functionId
        ? this.db.prepare(`SELECT * FROM runs WHERE function_id = ? ORDER BY created_at, id`).all(functionId)
        : this.db.prepare(`SELECT * FROM runs ORDER BY created_at, id`).all()
    ) as RunRow[];
  }

  /** Stops taking work, lets calls in flight finish (up to `graceMs`), then releases the rest. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.db.open) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 1_000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(force);
    }
    await Promise.race([
      Promise.allSettled([...this.inflight.values()]),
      new Promise((r) => setTimeout(r, graceMs).unref()),
    ]);
    this.close();
  }

  private close(): void {
    if (!this.db.open) return;
    this.queue.releaseMine();
    this.db.prepare(`DELETE FROM meta WHERE key = 'owner' AND value = ?`).run(String(process.pid));
    this.db.close();
  }

  /**
   * Event ids are remembered for 24 hours (Inngest's idempotency window); finished runs and their
   * steps are kept for `runRetentionDays`.
   */
  prune(now = Date.now()): { events: number; runs: number } {
    return this.db.transaction(() => {
      const events = this.db.prepare(`DELETE FROM events WHERE received_at < ?`).run(now - 86_400_000).changes;
      const cutoff = now - this.opts.runRetentionDays * 86_400_000;
      this.db
        .prepare(
          `DELETE FROM steps WHERE run_id IN (SELECT id FROM runs WHERE status IN ('completed', 'failed', 'cancelled') AND ended_at < ?)`,
        )
        .run(cutoff);
      const runs = this.db
        .prepare(`DELETE FROM runs WHERE status IN ('completed', 'failed', 'cancelled') AND ended_at < ?`)
        .run(cutoff).changes;
      return { events, runs };
    })();
  }

  private notify(): void {
    if (this.stopped || this.tickQueued) return;
    this.tickQueued = true;
    setImmediate(() => {
      this.tickQueued = false;
      this.tick();
    });
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = Date.now();
    let capacity = this.opts.concurrency - this.inflight.size;
    if (capacity > 0) {
      for (const job of this.queue.dueJobs(now, capacity * 4 + 16)) {
        if (capacity <= 0) break;
        if (this.inflight.has(job.id)) continue;
        const limit = this.functions.get(job.function_id)?.concurrency ?? null;
        const used = this.inflightByFn.get(job.function_id) ?? 0;
        if (job.kind !== "cron" && limit !== null && used >= limit) continue;
        this.queue.lease(job.id, now + this.opts.leaseMs);
        capacity--;
        this.startJob(job);
      }
    }
    const next = this.queue.nextDueAt(now);
    const wait = next === null ? 1_000 : Math.max(5, Math.min(next - now, 1_000));
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }

  private startJob(job: JobRow): void {
    const fn = job.function_id;
    this.inflightByFn.set(fn, (this.inflightByFn.get(fn) ?? 0) + 1);
    const p = this.engine
      .execute(job)
      .catch((err: unknown) => {
        if (this.stopped) return;
        this.log("error", "executor job failed", { jobId: job.id, runId: job.run_id, error: (err as Error).message });
      })
      .finally(() => {
        this.inflight.delete(job.id);
        this.inflightByFn.set(fn, (this.inflightByFn.get(fn) ?? 1) - 1);
        this.notify();
      });
    this.inflight.set(job.id, p);
  }
}
