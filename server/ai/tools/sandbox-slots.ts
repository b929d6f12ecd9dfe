import { AppError } from "@/lib/errors";

/**
 * Admission for the code sandbox (issue 22, finding 10): every run is a worker thread with its own
 * V8 isolate and a QuickJS VM (~100 MB resident while it runs), and 12 parallel runs once took the
 * server from 607 MB to 1,994 MB. At most `global` runs at once and `perUser` for one user; the
 * next ones wait in line (up to `queue`), and past that a run is refused with a sentence.
 */
export interface SlotLimits {
  global: number;
  perUser: number;
  queue: number;
}

interface Waiter {
  userId: string;
  grant: () => void;
}

export class SandboxSlots {
  private running = 0;
  private readonly byUser = new Map<string, number>();
  private readonly waiting: Waiter[] = [];
  peak = 0;

  constructor(private readonly limits: SlotLimits) {}

  get active(): number {
    return this.running;
  }

  private fits(userId: string): boolean {
    return this.running < this.limits.global && (this.byUser.get(userId) ?? 0) < this.limits.perUser;
  }

  private take(userId: string): () => void {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    this.byUser.set(userId, (this.byUser.get(userId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left === 0) this.byUser.delete(userId);
      else this.byUser.set(userId, left);
      this.admitNext();
    };
  }

  private admitNext(): void {
    const i = this.waiting.findIndex((w) => this.fits(w.userId));
    if (i === -1) return;
    const [next] = this.waiting.splice(i, 1);
    next!.grant();
  }

  /** Waits for a slot; resolves to its release function. Rejects when the line is full or the run is cancelled. */
  acquire(userId: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AppError("BAD_REQUEST", "Stopped: the run was cancelled."));
    if (this.fits(userId)) return Promise.resolve(this.take(userId));
    if (this.waiting.length >= this.limits.queue) {
      return Promise.reject(
        new AppError(
          "TOO_MANY_REQUESTS",
          `The code sandbox is busy (${this.running} runs going, ${this.waiting.length} waiting); try again in a moment.`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        userId,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.take(userId));
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i !== -1) this.waiting.splice(i, 1);
        reject(new AppError("BAD_REQUEST", "Stopped: the run was cancelled while it waited for the sandbox."));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }
}

const globalForSlots = globalThis as unknown as { __sandboxSlots?: SandboxSlots };
globalForSlots.__sandboxSlots ??= new SandboxSlots({ global: 4, perUser: 2, queue: 16 });
/** The process's one admission line (kept on globalThis: Next bundles a module once per entry). */
export const sandboxSlots: SandboxSlots = globalForSlots.__sandboxSlots;
