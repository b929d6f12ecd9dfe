import { readSse } from "./sse-parser";
import { percentile, round } from "./stats";

/**
 * The subscriber side of bench/events.ts, run in its own process so parsing 200 streams does not
 * load the server's event loop. Config comes in BENCH_SSE (JSON); it reports over IPC:
 * `ready` once every stream is live, then `result` when every delivery arrived or on `finish`.
 */
interface Config {
  url: string;
  token: string;
  subscribers: number;
  events: number;
}

export type SubscriberMessage =
  | { type: "ready" }
  | { type: "error"; message: string }
  | {
      type: "result";
      deliveries: number;
      expected: number;
      duplicates: number;
      p50_ms: number;
      p95_ms: number;
      p99_ms: number;
      max_ms: number;
      mean_ms: number;
      cpu_s: number;
    };

const config = JSON.parse(process.env.BENCH_SSE ?? "{}") as Config;
const expected = config.subscribers * config.events;
const latencies = new Float64Array(expected);
let deliveries = 0;
let duplicates = 0;
let ready = 0;
let reported = false;
const abort = new AbortController();
const send = (m: SubscriberMessage) => process.send?.(m);
const now = () => performance.timeOrigin + performance.now();

function report() {
  if (reported) return;
  reported = true;
  const sorted = latencies.slice(0, deliveries).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  send({
    type: "result",
    deliveries,
    expected,
    duplicates,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean_ms: round(sum / Math.max(1, deliveries)),
    cpu_s: round((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
  });
  abort.abort();
  setTimeout(() => process.exit(0), 100);
}

async function subscribe(): Promise<void> {
  const res = await fetch(`${config.url}/api/events?topics=progress`, {
    headers: { authorization: `Bearer ${config.token}` },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`GET /api/events answered ${res.status}: ${await res.text()}`);
  const seen = new Set<string>();
  await readSse(res.body, (m) => {
    if (m.event === "ready") {
      if (++ready === config.subscribers) send({ type: "ready" });
      return;
    }
    if (m.event !== "progress") return;
    const received = now();
    const event = JSON.parse(m.data) as { id: string; data: { key: string; message?: string } };
    if (!event.data.key.startsWith("bench-")) return;
    if (seen.has(event.id)) {
      duplicates++;
      return;
    }
    seen.add(event.id);
    latencies[deliveries++] = received - Number(event.data.message);
    if (deliveries === expected) report();
  });
}

process.on("message", (m: { type: string }) => {
  if (m.type === "finish") report();
});
// Do not outlive the benchmark if it dies without cleaning up.
process.on("disconnect", () => process.exit(0));
for (let i = 0; i < config.subscribers; i++) {
  subscribe().catch((err: unknown) => {
    if (abort.signal.aborted) return;
    send({ type: "error", message: err instanceof Error ? err.message : String(err) });
  });
}
