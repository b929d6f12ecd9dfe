import { type BusEvent, type EventBus, eventBus, type Topic } from "@/server/events";
import { canReceive, type EventViewer } from "@/server/events-access";
import { onSessionChange } from "@/server/auth/session-changes";

export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 3_000;
/** A client this far behind is cut off; it reconnects and resumes from its Last-Event-ID. */
const MAX_QUEUED_FRAMES = 5_000;

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

const encoder = new TextEncoder();
// Every subscriber of a topic gets the same frame for an event; encode it once, not once each.
const frames = new WeakMap<BusEvent, Uint8Array>();

export function eventFrame(event: BusEvent): Uint8Array {
  let frame = frames.get(event);
  if (!frame) {
    frame = encoder.encode(`id: ${event.id}\nevent: ${event.topic}\ndata: ${JSON.stringify(event)}\n\n`);
    frames.set(event, frame);
  }
  return frame;
}

function controlFrame(name: string, data: unknown, id?: string): Uint8Array {
  const idLine = id ? `id: ${id}\n` : "";
  return encoder.encode(`${idLine}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

export interface EventStreamOptions {
  viewer: EventViewer;
  topics: readonly Topic[];
  lastEventId: string | null;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /**
   * The request `signal` came from, kept referenced while the stream is open: undici's Request
   * forwards the abort through a WeakRef, so once the Request is collected its signal never fires.
   */
  request?: Request;
  heartbeatMs?: number;
  bus?: EventBus;
  /**
   * Who the stream's caller is now (the request's credentials resolved again). Checked with every
   * heartbeat and at once when the user's sessions or rights change; the stream closes when the
   * answer is nobody or another role, so a signed-out, demoted or deleted user stops receiving.
   */
  recheck?: () => Promise<EventViewer | null>;
}

/**
 * An SSE byte stream of the bus events the viewer may see. Resumption: it subscribes first (live
 * events wait in a queue), replays what the client missed after `lastEventId`, then drains the
 * queue skipping anything already replayed, so nothing is lost or sent twice across the switch.
 * When the history needed is gone it sends `event: gap` so the client refetches. A `ready` event
 * carries the bus head as its id, so a client that saw no event still resumes from here.
 */
export function openEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { viewer, topics, lastEventId, heartbeatMs = HEARTBEAT_MS, bus = eventBus } = options;
  let request = options.request;
  const signal = options.signal ?? request?.signal;
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let live = false;
      const queue: BusEvent[] = [];

      const push = (chunk: Uint8Array) => {
        if (closed) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) {
          cleanup();
          controller.close();
          return;
        }
        controller.enqueue(chunk);
      };
      const send = (event: BusEvent): boolean => {
        if (!canReceive(viewer, event)) return false;
        push(eventFrame(event));
        return true;
      };

      const unsubscribe = bus.subscribe(topics, (event) => {
        if (live) send(event);
        else queue.push(event);
      });
      const recheck = options.recheck;
      let checking = false;
      const checkViewer = async () => {
        if (!recheck || closed || checking) return;
        checking = true;
        const now = await recheck().catch(() => null);
        checking = false;
        if (!now || now.id !== viewer.id || now.role !== viewer.role) onAbort();
      };
      const stopWatching = recheck ? onSessionChange(viewer.id, () => void checkViewer()) : () => {};
      const heartbeat = setInterval(() => {
        push(encoder.encode(": heartbeat\n\n"));
        void checkViewer();
      }, heartbeatMs);
      heartbeat.unref?.();
      const onAbort = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed or errored by the consumer.
        }
      };
      cleanup = () => {
        if (closed) return;
        closed = true;
        request = undefined;
        unsubscribe();
        stopWatching();
        clearInterval(heartbeat);
        signal?.removeEventListener("abort", onAbort);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });

      push(encoder.encode(`retry: ${RETRY_MS}\n\n`));
      const replay = bus.replay(topics, lastEventId);
      const head = bus.head();
      if (replay.gap) push(controlFrame("gap", { lastEventId }));
      let lastReplayed = -1;
      let replayed = 0;
      for (const event of replay.events) {
        if (send(event)) replayed++;
        lastReplayed = event.seq;
      }
      push(controlFrame("ready", { topics, replayed, gap: replay.gap }, head));
      for (const event of queue) if (event.seq > lastReplayed) send(event);
      queue.length = 0;
      live = true;
    },
    cancel() {
      cleanup();
    },
  });
}
