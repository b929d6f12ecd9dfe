import { randomBytes } from "node:crypto";

/**
 * The typed event bus. Services publish; `GET /api/events` streams to browsers as SSE.
 * Behind the `EventBus` interface so a Redis or PostgreSQL LISTEN/NOTIFY implementation can
 * replace the in-process one without touching publishers or the SSE route.
 */
export interface EventMap {
  /** A log entry was written (see server/logger.ts). */
  logs: {
    id: number;
    time: string;
    level: string;
    subsystem: string;
    message: string;
    correlationId: string;
  };
  /** Settings were applied. */
  settings: { sections: string[]; restartRequired: string[] };
  /** A long-running action's progress, for the user who started it. */
  progress: { key: string; percent: number; message?: string; done?: boolean };
  /** A notification for one user or for everyone (shown as a toast). */
  notifications: { level: "info" | "success" | "warning" | "error"; title: string; body?: string };
  /** A task in the ledger changed (server/tasks): created, status, progress, step or deleted. */
  tasks: {
    taskId: string;
    change: "created" | "status" | "progress" | "step" | "deleted";
    status?: string;
    progress?: number;
    message?: string | null;
  };
}

export type Topic = keyof EventMap;
export const TOPICS = ["logs", "settings", "progress", "notifications", "tasks"] as const satisfies readonly Topic[];

export interface BusEvent<T extends Topic = Topic> {
  /** "<boot id>-<sequence>": increasing within one bus, unique across restarts. */
  id: string;
  seq: number;
  topic: T;
  time: number;
  /** When set, only this user (and admins, for admin topics) receives the event. */
  userId?: string;
  /** "admins": only admins receive it (operators' alerts), whatever the topic's own rule. */
  audience?: "admins";
  data: EventMap[T];
}

export type Listener = (event: BusEvent) => void;

export interface PublishOptions {
  userId?: string;
  audience?: "admins";
}

export interface ReplayResult {
  events: BusEvent[];
  /** True when the requested position is older than what the bus kept (or from another boot). */
  gap: boolean;
}

export interface EventBus {
  publish<T extends Topic>(topic: T, data: EventMap[T], options?: PublishOptions): BusEvent<T>;
  subscribe(topics: readonly Topic[], listener: Listener): () => void;
  /** Events on `topics` published after `lastEventId`, for resuming a stream. */
  replay(topics: readonly Topic[], lastEventId: string | null): ReplayResult;
  /**
   * The id of the newest event published so far (`<boot id>-0` before the first). A stream that
   * starts now hands it to the client, so a reconnect resumes from here even if no event came.
   */
  head(): string;
  subscriberCount(): number;
}

export class InProcessEventBus implements EventBus {
  private readonly bootId = randomBytes(4).toString("hex");
  private seq = 0;
  private readonly buffer: BusEvent[] = [];
  private readonly listeners = new Map<Topic, Set<Listener>>();

  constructor(
    private readonly retention: { maxEvents: number; maxAgeMs: number } = {
      maxEvents: 10_000,
      maxAgeMs: 10 * 60_000,
    },
  ) {}

  publish<T extends Topic>(topic: T, data: EventMap[T], options: PublishOptions = {}): BusEvent<T> {
    const seq = ++this.seq;
    const event: BusEvent<T> = { id: `${this.bootId}-${seq}`, seq, topic, time: Date.now(), data };
    if (options.userId) event.userId = options.userId;
    if (options.audience) event.audience = options.audience;
    this.buffer.push(event as BusEvent);
    this.trim(event.time);
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(event as BusEvent);
      } catch {
        // A failing subscriber must not stop delivery to the others.
      }
    }
    return event;
  }

  subscribe(topics: readonly Topic[], listener: Listener): () => void {
    for (const t of topics) {
      let set = this.listeners.get(t);
      if (!set) {
        set = new Set();
        this.listeners.set(t, set);
      }
      set.add(listener);
    }
    return () => {
      for (const t of topics) this.listeners.get(t)?.delete(listener);
    };
  }

  replay(topics: readonly Topic[], lastEventId: string | null): ReplayResult {
    if (!lastEventId) return { events: [], gap: false };
    this.trim(Date.now());
    const [boot, seqText] = lastEventId.split("-");
    const seq = Number(seqText);
    if (boot !== this.bootId || !Number.isInteger(seq) || seq < 0 || seq > this.seq) {
      return { events: [], gap: true };
    }
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    const gap = seq + 1 < oldest;
    const wanted = new Set<Topic>(topics);
    const events = this.buffer.filter((e) => e.seq > seq && wanted.has(e.topic));
    return { events, gap };
  }

  head(): string {
    return `${this.bootId}-${this.seq}`;
  }

  subscriberCount(): number {
    const all = new Set<Listener>();
    for (const set of this.listeners.values()) for (const l of set) all.add(l);
    return all.size;
  }

  private trim(now: number): void {
    const { maxEvents, maxAgeMs } = this.retention;
    let drop = Math.max(0, this.buffer.length - maxEvents);
    while (drop < this.buffer.length && now - this.buffer[drop]!.time > maxAgeMs) drop++;
    if (drop > 0) this.buffer.splice(0, drop);
  }
}

const globalForBus = globalThis as unknown as { __eventBus?: EventBus };
globalForBus.__eventBus ??= new InProcessEventBus();
export const eventBus: EventBus = globalForBus.__eventBus;
