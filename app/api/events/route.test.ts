import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readSse, SseParser, type SseMessage } from "@/bench/lib/sse-parser";
import { GET } from "@/app/api/events/route";
import { type BusEvent, eventBus, InProcessEventBus, TOPICS } from "@/server/events";
import { openEventStream } from "@/server/events-sse";
import { makeUser } from "@/tests/support/auth";

interface Client {
  res: Response;
  messages: SseMessage[];
  events(): BusEvent[];
  waitFor(check: () => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}
const open: Client[] = [];

async function connect(headers: Headers, query: string, lastEventId?: string): Promise<Client> {
  const abort = new AbortController();
  const h = new Headers(headers);
  if (lastEventId) h.set("last-event-id", lastEventId);
  const res = await GET(new Request(`http://localhost/api/events?${query}`, { headers: h, signal: abort.signal }));
  const messages: SseMessage[] = [];
  const ended =
    res.status === 200 && res.body ? readSse(res.body, (m) => messages.push(m)).catch(() => {}) : Promise.resolve();
  const client: Client = {
    res,
    messages,
    /** Bus events received (not control messages or heartbeats). */
    events: () =>
      messages
        .filter((m) => m.data && m.event !== "ready" && m.event !== "gap")
        .map((m) => JSON.parse(m.data) as BusEvent),
    async waitFor(check, what = "the expected messages") {
      const until = Date.now() + 3_000;
      while (!check()) {
        if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; got ${JSON.stringify(messages)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      abort.abort();
      await ended;
    },
  };
  if (res.status === 200) {
    open.push(client);
    await client.waitFor(() => messages.some((m) => m.event === "ready"), "the ready event");
  }
  return client;
}

const lastId = (c: Client) => [...c.messages].reverse().find((m) => m.id)!.id!;
const note = (title: string) => ({ level: "info" as const, title });

let admin: Awaited<ReturnType<typeof makeUser>>;
let alice: Awaited<ReturnType<typeof makeUser>>;
let bob: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  admin = await makeUser("admin");
  alice = await makeUser("user");
  bob = await makeUser("user");
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("GET /api/events", () => {
  it("refuses an anonymous caller and a bad token with 401", async () => {
    expect((await connect(new Headers(), "topics=settings")).res.status).toBe(401);
    const bad = new Headers({ authorization: "Bearer lap_nope" });
    expect((await connect(bad, "topics=settings")).res.status).toBe(401);
  });

  it.each([
    ["", "Say which topics"],
    ["topics=", "Say which topics"],
    ["topics=,,", "Say which topics"],
    ["topics=logs,weather", 'Unknown topic "weather"'],
    [
      `topics=${Array(TOPICS.length + 1)
        .fill("logs")
        .join(",")}`,
      `at most ${TOPICS.length} topics`,
    ],
  ])("answers 400 with a message for ?%s", async (query, message) => {
    const { res } = await connect(alice.headers, query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain(message);
  });

  it("answers 400 for a malformed Last-Event-ID", async () => {
    const { res } = await connect(alice.headers, "topics=settings", "x".repeat(200));
    expect(res.status).toBe(400);
  });

  it("streams events with ids, topic names and the whole event as data", async () => {
    const c = await connect(alice.headers, "topics=settings,notifications");
    expect(c.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(c.res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(c.res.headers.get("x-accel-buffering")).toBe("no");
    expect(c.messages[0]).toMatchObject({ retry: 3000 });
    const ready = c.messages.find((m) => m.event === "ready")!;
    expect(ready.id).toBe(eventBus.head());

    const a = eventBus.publish("settings", { sections: ["system"], restartRequired: ["logLevel"] });
    const b = eventBus.publish("notifications", note("hello"));
    eventBus.publish("progress", { key: "not-subscribed", percent: 1 });
    await c.waitFor(() => c.events().length === 2);
    const frames = c.messages.filter((m) => m.event === "settings" || m.event === "notifications");
    expect(frames.map((m) => [m.id, m.event])).toEqual([
      [a.id, "settings"],
      [b.id, "notifications"],
    ]);
    expect(c.events()).toEqual([a, b]);
  });

  it("sends a user only their own log events, and an admin every one", async () => {
    const a = await connect(alice.headers, "topics=logs");
    const root = await connect(admin.headers, "topics=logs");
    const entry = (message: string) => ({
      id: 1,
      time: new Date().toISOString(),
      level: "INFO",
      subsystem: "test",
      message,
      correlationId: "c",
    });
    const mine = eventBus.publish("logs", entry("alice's"), { userId: alice.user.id });
    const theirs = eventBus.publish("logs", entry("bob's"), { userId: bob.user.id });
    const system = eventBus.publish("logs", entry("system"));
    const mark = eventBus.publish("logs", entry("end"), { userId: alice.user.id });
    const ours = (c: Client) =>
      c
        .events()
        .filter((e) => e.seq >= mine.seq)
        .map((e) => e.id);
    await a.waitFor(() => ours(a).includes(mark.id));
    await root.waitFor(() => ours(root).includes(mark.id));
    expect(ours(a)).toEqual([mine.id, mark.id]);
    expect(ours(root)).toEqual([mine.id, theirs.id, system.id, mark.id]);
  });

  it("sends addressed progress and notifications only to their user, broadcasts to everyone", async () => {
    const a = await connect(alice.headers, "topics=progress,notifications");
    const b = await connect(bob.headers, "topics=progress,notifications");
    const root = await connect(admin.headers, "topics=progress,notifications");
    const forAlice = eventBus.publish("progress", { key: "k", percent: 50 }, { userId: alice.user.id });
    const forBob = eventBus.publish("notifications", note("bob only"), { userId: bob.user.id });
    const all = eventBus.publish("notifications", note("everyone"));
    for (const c of [a, b, root]) await c.waitFor(() => c.events().some((e) => e.id === all.id));
    expect(a.events().map((e) => e.id)).toEqual([forAlice.id, all.id]);
    expect(b.events().map((e) => e.id)).toEqual([forBob.id, all.id]);
    expect(root.events().map((e) => e.id)).toEqual([all.id]);
  });

  it("resumes from Last-Event-ID with exactly the events missed, none lost or repeated", async () => {
    const first = await connect(alice.headers, "topics=notifications");
    const seen = [eventBus.publish("notifications", note("1")), eventBus.publish("notifications", note("2"))];
    await first.waitFor(() => first.events().length === 2);
    await first.close();
    const missed = [eventBus.publish("notifications", note("3")), eventBus.publish("notifications", note("4"))];
    eventBus.publish("notifications", note("not for alice"), { userId: bob.user.id });

    const again = await connect(alice.headers, "topics=notifications", lastId(first));
    expect(again.messages.some((m) => m.event === "gap")).toBe(false);
    expect(JSON.parse(again.messages.find((m) => m.event === "ready")!.data)).toMatchObject({
      replayed: 2,
      gap: false,
    });
    const live = eventBus.publish("notifications", note("5"));
    await again.waitFor(() => again.events().some((e) => e.id === live.id));
    expect(again.events().map((e) => e.id)).toEqual([...missed, live].map((e) => e.id));
    expect(seen.map((e) => e.id)).toEqual(first.events().map((e) => e.id));
  });

  it("resumes from the ready id when the client saw no event, also through ?lastEventId=", async () => {
    const quiet = await connect(alice.headers, "topics=progress");
    await quiet.close();
    const missed = eventBus.publish("progress", { key: "while-away", percent: 10 });
    const again = await connect(alice.headers, `topics=progress&lastEventId=${lastId(quiet)}`);
    expect(again.events().map((e) => e.id)).toEqual([missed.id]);
  });

  it("loses and repeats nothing while reconnecting during a burst of events", async () => {
    const published: string[] = [];
    const received: string[] = [];
    const burst = setInterval(
      () => published.push(eventBus.publish("settings", { sections: ["burst"], restartRequired: [] }).id),
      1,
    );
    let cursor: string | undefined;
    for (let round = 0; round < 6; round++) {
      const c = await connect(bob.headers, "topics=settings", cursor);
      // Disconnect mid-burst, once this connection has received some of it.
      await c.waitFor(() => c.events().length > 0, "burst events");
      await c.close();
      received.push(...c.events().map((e) => e.id));
      cursor = lastId(c);
    }
    clearInterval(burst);
    const c = await connect(bob.headers, "topics=settings", cursor);
    received.push(...c.events().map((e) => e.id));
    const firstSeen = published.indexOf(received[0]!);
    expect(published.length).toBeGreaterThan(10);
    expect(received).toEqual(published.slice(firstSeen));
  });

  it("sends a gap event when the history is from another boot", async () => {
    const c = await connect(alice.headers, "topics=notifications", "0123abcd-42");
    const gapAt = c.messages.findIndex((m) => m.event === "gap");
    expect(gapAt).toBeGreaterThan(-1);
    expect(JSON.parse(c.messages[gapAt]!.data)).toEqual({ lastEventId: "0123abcd-42" });
    const ready = c.messages.find((m) => m.event === "ready")!;
    expect(ready.id).toBe(eventBus.head());
  });

  it("unsubscribes when the client disconnects", async () => {
    const before = eventBus.subscriberCount();
    const c = await connect(alice.headers, "topics=settings,logs");
    expect(eventBus.subscriberCount()).toBe(before + 1);
    await c.close();
    expect(eventBus.subscriberCount()).toBe(before);
  });
});

describe("openEventStream", () => {
  const viewer = { id: "u1", role: "user" as const };

  async function collect(stream: ReadableStream<Uint8Array>, until: (m: SseMessage[]) => boolean) {
    const messages: SseMessage[] = [];
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    while (!until(messages)) {
      const { value, done } = await reader.read();
      if (done) break;
      messages.push(...parser.push(decoder.decode(value, { stream: true })));
    }
    await reader.cancel();
    return messages;
  }

  it("sends a heartbeat comment at the configured interval", async () => {
    const bus = new InProcessEventBus();
    const stream = openEventStream({ viewer, topics: ["settings"], lastEventId: null, heartbeatMs: 20, bus });
    const messages = await collect(stream, (m) => m.filter((x) => x.comment === "heartbeat").length >= 2);
    expect(messages.filter((m) => m.comment === "heartbeat")).toHaveLength(2);
    expect(bus.subscriberCount()).toBe(0);
  });

  it("after trimmed history sends a gap, then what is left, then live events", async () => {
    const bus = new InProcessEventBus({ maxEvents: 2, maxAgeMs: 60_000 });
    const events = [1, 2, 3, 4].map((n) => bus.publish("notifications", note(String(n))));
    const stream = openEventStream({ viewer, topics: ["notifications"], lastEventId: events[0]!.id, bus });
    let published = false;
    const messages = await collect(stream, (m) => {
      // The live event is published once the replay is over (the stream said "ready").
      if (!published && m.some((x) => x.event === "ready")) {
        published = true;
        bus.publish("notifications", note("live"));
      }
      return m.some((x) => x.data.includes('"live"'));
    });
    expect(messages.map((m) => m.event)).toEqual([
      "message",
      "gap",
      "notifications",
      "notifications",
      "ready",
      "notifications",
    ]);
    expect(messages.filter((m) => m.event === "notifications").map((m) => m.id)).toEqual([
      events[2]!.id,
      events[3]!.id,
      `${events[0]!.id.split("-")[0]}-5`,
    ]);
  });

  it("stops at once when the signal is already aborted", async () => {
    const bus = new InProcessEventBus();
    const abort = new AbortController();
    abort.abort();
    const stream = openEventStream({ viewer, topics: ["settings"], lastEventId: null, signal: abort.signal, bus });
    expect(await collect(stream, () => false)).toEqual([]);
    expect(bus.subscriberCount()).toBe(0);
  });
});
