import { afterEach, describe, expect, it, vi } from "vitest";
import { type BusEvent, InProcessEventBus } from "@/server/events";

const note = (title: string) => ({ level: "info" as const, title });

describe("InProcessEventBus", () => {
  afterEach(() => vi.useRealTimers());

  it("delivers to subscribers of the topic only, until they unsubscribe", () => {
    const bus = new InProcessEventBus();
    const got: BusEvent[] = [];
    const off = bus.subscribe(["notifications"], (e) => got.push(e));
    bus.publish("notifications", note("a"), { userId: "u1" });
    bus.publish("settings", { sections: ["system"], restartRequired: [] });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ topic: "notifications", userId: "u1", data: { title: "a" }, seq: 1 });
    expect(bus.subscriberCount()).toBe(1);
    off();
    bus.publish("notifications", note("b"));
    expect(got).toHaveLength(1);
    expect(bus.subscriberCount()).toBe(0);
  });

  it("keeps delivering when one subscriber throws", () => {
    const bus = new InProcessEventBus();
    const got: string[] = [];
    bus.subscribe(["settings"], () => {
      throw new Error("broken subscriber");
    });
    bus.subscribe(["settings"], (e) => got.push(e.id));
    const e = bus.publish("settings", { sections: [], restartRequired: [] });
    expect(got).toEqual([e.id]);
  });

  it("gives ids that increase and a head that follows the newest event", () => {
    const bus = new InProcessEventBus();
    const boot = bus.head().split("-")[0];
    expect(bus.head()).toBe(`${boot}-0`);
    const a = bus.publish("notifications", note("a"));
    const b = bus.publish("notifications", note("b"));
    expect(b.seq).toBe(a.seq + 1);
    expect(b.id).toBe(`${boot}-${b.seq}`);
    expect(bus.head()).toBe(b.id);
  });

  it("replays the events after an id, only on the topics asked for", () => {
    const bus = new InProcessEventBus();
    const first = bus.publish("notifications", note("1"));
    bus.publish("settings", { sections: ["a"], restartRequired: [] });
    const third = bus.publish("notifications", note("3"));
    expect(bus.replay(["notifications"], first.id)).toEqual({ events: [third], gap: false });
    expect(bus.replay(["notifications"], third.id)).toEqual({ events: [], gap: false });
    expect(bus.replay(["notifications"], null)).toEqual({ events: [], gap: false });
    const start = `${bus.head().split("-")[0]}-0`;
    expect(bus.replay(["notifications", "settings"], start).events).toHaveLength(3);
  });

  it("reports a gap for another boot, a malformed id or a position in the future", () => {
    const bus = new InProcessEventBus();
    const e = bus.publish("notifications", note("x"));
    expect(bus.replay(["notifications"], `00000000-${e.seq}`).gap).toBe(true);
    expect(bus.replay(["notifications"], "garbage").gap).toBe(true);
    expect(bus.replay(["notifications"], `${e.id.split("-")[0]}-99`).gap).toBe(true);
  });

  it("keeps at most maxEvents and reports a gap when the history needed was trimmed", () => {
    const bus = new InProcessEventBus({ maxEvents: 3, maxAgeMs: 60_000 });
    const events = Array.from({ length: 5 }, (_, i) => bus.publish("notifications", note(String(i))));
    const fromFirst = bus.replay(["notifications"], events[0]!.id);
    expect(fromFirst.gap).toBe(true);
    expect(fromFirst.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    const fromSecond = bus.replay(["notifications"], events[1]!.id);
    expect(fromSecond).toEqual({ events: events.slice(2), gap: false });
  });

  it("drops events older than maxAgeMs, also when nothing new was published", () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    const bus = new InProcessEventBus({ maxEvents: 100, maxAgeMs: 1_000 });
    const start = bus.head();
    bus.publish("notifications", note("old"));
    vi.advanceTimersByTime(600);
    const recent = bus.publish("notifications", note("recent"));
    vi.advanceTimersByTime(600);
    expect(bus.replay(["notifications"], start)).toEqual({ events: [recent], gap: true });
    vi.advanceTimersByTime(1_000);
    expect(bus.replay(["notifications"], recent.id)).toEqual({ events: [], gap: false });
    expect(bus.replay(["notifications"], start)).toEqual({ events: [], gap: true });
  });
});
