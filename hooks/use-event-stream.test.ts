import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectEventStream, type EventStreamStatus } from "@/hooks/use-event-stream";
import type { BusEvent } from "@/server/events";

/** Just enough of EventSource to drive connectEventStream from a test. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  emit(type: string, data: unknown, lastEventId = "") {
    const event = { data: JSON.stringify(data), lastEventId } as MessageEvent;
    for (const fn of this.listeners.get(type) ?? []) fn(event);
  }
  /** A dropped connection; `gaveUp` as after an HTTP error, when EventSource stops retrying. */
  fail(gaveUp = false) {
    this.readyState = gaveUp ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
}

const latest = () => FakeEventSource.all[FakeEventSource.all.length - 1]!;
const event = (seq: number): BusEvent => ({
  id: `boot-${seq}`,
  seq,
  topic: "notifications",
  time: 0,
  data: { level: "info", title: `n${seq}` },
});

function start(pollIntervalMs = 10_000) {
  const got: BusEvent[] = [];
  const statuses: EventStreamStatus[] = [];
  const onPoll = vi.fn();
  const onGap = vi.fn();
  const stop = connectEventStream(
    ["notifications", "settings"],
    { onEvent: (e) => got.push(e), onPoll, onGap, onStatus: (s) => statuses.push(s) },
    { pollIntervalMs, EventSourceImpl: FakeEventSource as unknown as typeof EventSource },
  );
  return { got, statuses, onPoll, onGap, stop };
}

describe("connectEventStream (useEventStream's engine)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.all = [];
  });
  afterEach(() => vi.useRealTimers());

  it("opens /api/events for the topics and hands each event over parsed", () => {
    const s = start();
    expect(latest().url).toBe("/api/events?topics=notifications%2Csettings");
    expect(s.statuses).toEqual(["connecting"]);
    latest().open();
    latest().emit("notifications", event(1), "boot-1");
    latest().emit("other", event(2), "boot-2");
    expect(s.statuses).toEqual(["connecting", "open"]);
    expect(s.got).toEqual([event(1)]);
  });

  it("calls onGap when the server lost the history", () => {
    const s = start();
    latest().emit("gap", { lastEventId: "old-1" });
    expect(s.onGap).toHaveBeenCalledTimes(1);
  });

  it("polls every interval while the stream is down and stops when it is back", () => {
    const s = start(1_000);
    latest().open();
    latest().fail();
    expect(s.statuses.at(-1)).toBe("polling");
    vi.advanceTimersByTime(3_500);
    expect(s.onPoll).toHaveBeenCalledTimes(3);
    latest().open();
    vi.advanceTimersByTime(5_000);
    expect(s.onPoll).toHaveBeenCalledTimes(3);
    expect(s.statuses.at(-1)).toBe("open");
  });

  it("reconnects with backoff when EventSource gives up, resuming from the last id seen", () => {
    const s = start();
    latest().open();
    latest().emit("notifications", event(7), "boot-7");
    latest().fail(true);
    expect(FakeEventSource.all).toHaveLength(1);
    vi.advanceTimersByTime(3_000);
    expect(FakeEventSource.all).toHaveLength(2);
    expect(latest().url).toBe("/api/events?topics=notifications%2Csettings&lastEventId=boot-7");
    latest().fail(true);
    vi.advanceTimersByTime(3_000);
    expect(FakeEventSource.all).toHaveLength(2);
    vi.advanceTimersByTime(3_000);
    expect(FakeEventSource.all).toHaveLength(3);
    latest().emit("ready", {}, "boot-9");
    latest().open();
    latest().fail(true);
    vi.advanceTimersByTime(3_000);
    expect(latest().url).toContain("lastEventId=boot-9");
    expect(s.statuses.at(-1)).toBe("polling");
  });

  it("closes the stream and every timer when stopped", () => {
    const s = start(1_000);
    const first = latest();
    first.fail(true);
    s.stop();
    vi.advanceTimersByTime(60_000);
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.all).toHaveLength(1);
    expect(s.onPoll).not.toHaveBeenCalled();
    expect(s.statuses.at(-1)).toBe("closed");
  });
});
