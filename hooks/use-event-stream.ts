import { useEffect, useRef, useState } from "react";
import type { BusEvent, Topic } from "@/server/events";

export type EventStreamStatus = "connecting" | "open" | "polling" | "closed";

export interface EventStreamOptions {
  enabled?: boolean;
  /** Called every `pollIntervalMs` while the stream is down, to refetch what it would have pushed. */
  onPoll?: () => void | Promise<void>;
  pollIntervalMs?: number;
  /** The server lost the history needed to resume: refetch the state. */
  onGap?: () => void;
}

export interface EventStreamHandlers {
  onEvent: (event: BusEvent) => void;
  onPoll: () => void | Promise<void>;
  onGap: () => void;
  onStatus: (status: EventStreamStatus) => void;
}

const RECONNECT_MIN_MS = 3_000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Follows bus topics over SSE (`GET /api/events`) until the returned function is called.
 * EventSource retries by itself and resumes with Last-Event-ID; when it gives up (an HTTP error),
 * this opens a new one after a backoff and passes the last id it saw as `?lastEventId=`, since a
 * new EventSource forgets it. While the stream is down, `onPoll` runs every `pollIntervalMs`.
 */
export function connectEventStream(
  topics: readonly Topic[],
  handlers: EventStreamHandlers,
  { pollIntervalMs = 10_000, EventSourceImpl = globalThis.EventSource } = {},
): () => void {
  let source: EventSource | null = null;
  let lastEventId: string | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let backoff = RECONNECT_MIN_MS;
  let stopped = false;

  const poll = async () => {
    try {
      await handlers.onPoll();
    } catch (err) {
      console.error("useEventStream: polling failed", err);
    }
  };
  const startPolling = () => {
    if (pollTimer) return;
    handlers.onStatus("polling");
    pollTimer = setInterval(() => void poll(), pollIntervalMs);
  };
  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  };
  const remember = (e: MessageEvent) => {
    if (e.lastEventId) lastEventId = e.lastEventId;
  };
  const onTopic = (e: MessageEvent<string>) => {
    remember(e);
    try {
      handlers.onEvent(JSON.parse(e.data) as BusEvent);
    } catch (err) {
      console.error("useEventStream: could not handle an event", err);
    }
  };

  const connect = () => {
    const params = new URLSearchParams({ topics: topics.join(",") });
    if (lastEventId) params.set("lastEventId", lastEventId);
    const es = new EventSourceImpl(`/api/events?${params}`);
    source = es;
    for (const topic of topics) es.addEventListener(topic, onTopic);
    es.addEventListener("ready", remember);
    es.addEventListener("gap", () => handlers.onGap());
    es.onopen = () => {
      backoff = RECONNECT_MIN_MS;
      stopPolling();
      handlers.onStatus("open");
    };
    es.onerror = () => {
      if (stopped) return;
      startPolling();
      if (es.readyState !== EventSourceImpl.CLOSED) return;
      es.close();
      reconnectTimer = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
    };
  };

  handlers.onStatus("connecting");
  connect();
  return () => {
    stopped = true;
    source?.close();
    stopPolling();
    if (reconnectTimer) clearTimeout(reconnectTimer);
    handlers.onStatus("closed");
  };
}

/** Contract 2: live bus events for a component, with polling while the stream is down. */
export function useEventStream(
  topics: Topic[],
  onEvent: (event: BusEvent) => void,
  options: EventStreamOptions = {},
): { status: EventStreamStatus } {
  const { enabled = true, pollIntervalMs = 10_000 } = options;
  const [status, setStatus] = useState<EventStreamStatus>(enabled ? "connecting" : "closed");
  const onEventRef = useRef(onEvent);
  const onPollRef = useRef(options.onPoll);
  const onGapRef = useRef(options.onGap);
  useEffect(() => {
    onEventRef.current = onEvent;
    onPollRef.current = options.onPoll;
    onGapRef.current = options.onGap;
  });

  // A stable key, so a new array with the same topics does not reconnect.
  const topicKey = [...new Set(topics)].sort().join(",");

  useEffect(() => {
    if (!enabled || !topicKey || typeof EventSource === "undefined") {
      setStatus("closed");
      return;
    }
    return connectEventStream(
      topicKey.split(",") as Topic[],
      {
        onEvent: (event) => onEventRef.current(event),
        onPoll: () => onPollRef.current?.(),
        onGap: () => onGapRef.current?.(),
        onStatus: setStatus,
      },
      { pollIntervalMs },
    );
  }, [enabled, topicKey, pollIntervalMs]);

  return { status };
}
