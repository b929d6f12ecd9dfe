import type { Db, JobRow } from "./store";

/**
 * Durable jobs with leases. A job is leased by one process (its pid) until `lease_until`; the
 * lease is renewed while the job runs, released when it ends, and taken over when the holder's
 * process is gone (so a SIGKILLed executor's work resumes at once on restart).
 */
export interface NewJob {
  kind: JobRow["kind"];
  runId: string | null;
  functionId: string;
  stepId?: string | null;
  attempt?: number;
  failures?: number;
  payload?: unknown;
  runAt: number;
  key?: string | null;
}

/** A paused run's jobs stay in the table, untouched, until it is resumed. */
const NOT_PAUSED = `(run_id IS NULL OR run_id NOT IN (SELECT run_id FROM paused))`;

export class JobQueue {
  private insert;
  private due;
  private leaseStmt;
  private deleteStmt;
  private renewStmt;
  private nextDue;
  private leasedBy;
  private releaseOwner;

  constructor(
    db: Db,
    private owner: number,
  ) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO jobs (kind, run_id, function_id, step_id, attempt, failures, payload, run_at, key)
       VALUES (@kind, @runId, @functionId, @stepId, @attempt, @failures, @payload, @runAt, @key)`,
    );
    this.due = db.prepare(
      `SELECT id, kind, run_id, function_id, step_id, attempt, failures, payload, run_at FROM jobs
       WHERE run_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND ${NOT_PAUSED} ORDER BY run_at, id LIMIT ?`,
    );
    this.leaseStmt = db.prepare(`UPDATE jobs SET lease_owner = ?, lease_until = ?, key = NULL WHERE id = ?`);
    this.deleteStmt = db.prepare(`DELETE FROM jobs WHERE id = ?`);
    this.renewStmt = db.prepare(`UPDATE jobs SET lease_until = ? WHERE lease_owner = ? AND lease_until IS NOT NULL`);
    this.nextDue = db.prepare(
      `SELECT MIN(run_at) AS t FROM jobs WHERE (lease_until IS NULL OR lease_until < ?) AND ${NOT_PAUSED}`,
    );
    this.leasedBy = db.prepare(
      `SELECT DISTINCT lease_owner AS owner FROM jobs WHERE lease_owner IS NOT NULL AND lease_until IS NOT NULL`,
    );
    this.releaseOwner = db.prepare(`UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?`);
  }

  add(job: NewJob): boolean {
    const info = this.insert.run({
      kind: job.kind,
      runId: job.runId,
      functionId: job.functionId,
      stepId: job.stepId ?? null,
      attempt: job.attempt ?? 0,
      failures: job.failures ?? 0,
      payload: job.payload === undefined ? null : JSON.stringify(job.payload),
      runAt: job.runAt,
      key: job.key ?? null,
    });
    return info.changes > 0;
  }

  /** Due jobs not leased by a live process nor held by a pause; the caller filters them and leases what it takes. */
  dueJobs(now: number, limit: number): JobRow[] {
    return this.due.all(now, now, limit) as JobRow[];
  }

  lease(id: number, until: number): void {
    this.leaseStmt.run(this.owner, until, id);
  }

  done(id: number): void {
    this.deleteStmt.run(id);
  }

  renewAll(until: number): void {
    this.renewStmt.run(until, this.owner);
  }

  /** Milliseconds until the next unleased job is due (null when there is none). */
  nextDueAt(now: number): number | null {
    const row = this.nextDue.get(now) as { t: number | null };
    return row.t;
  }

  /**
   * Frees leases held by processes that no longer exist; at start-up also this pid's own, which
   * can only be left over from an earlier process that had the same pid.
   */
  releaseDeadLeases(isAlive: (pid: number) => boolean, includeOwn: boolean): number {
    let released = 0;
    for (const { owner } of this.leasedBy.all() as { owner: number }[]) {
      const own = owner === this.owner;
      if ((own && includeOwn) || (!own && !isAlive(owner))) released += this.releaseOwner.run(owner).changes;
    }
    return released;
  }

  releaseMine(): void {
    this.releaseOwner.run(this.owner);
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
