import { type ChildProcess, fork, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SubscriberMessage } from "./lib/sse-subscribers";
import { mb, round } from "./lib/stats";

/**
 * SSE fan-out: the real GET handler of app/api/events/route.ts behind node:http on 127.0.0.1,
 * a real user and API token in a fresh migrated database, SUBSCRIBERS streams in a separate
 * process, EVENTS published at a steady RATE. Measures publish-to-receive latency per delivery,
 * whether every delivery arrived, and the server's memory. Last line: the JSON result.
 * Usage: npm run bench -- events [--subscribers 200] [--events 500] [--rate 50]
 */
const TARGET_P95_MS = 50;
const TIME_LIMIT_MS = 120_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number.`);
  return value;
}

const SUBSCRIBERS = option("subscribers", 200);
const EVENTS = option("events", 500);
const RATE = option("rate", 50);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "lap-bench-events-"));
let child: ChildProcess | null = null;
let closeServer: () => Promise<void> = async () => {};

function log(message: string) {
  process.stderr.write(`[bench events] ${message}\n`);
}

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

function waitFor<T extends SubscriberMessage["type"]>(proc: ChildProcess, type: T, ms: number) {
  return new Promise<Extract<SubscriberMessage, { type: T }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscribers did not report "${type}" within ${ms} ms`)), ms);
    const onMessage = (m: SubscriberMessage) => {
      if (m.type === "error") {
        clearTimeout(timer);
        reject(new Error(m.message));
      } else if (m.type === type) {
        clearTimeout(timer);
        proc.off("message", onMessage);
        resolve(m as Extract<SubscriberMessage, { type: T }>);
      }
    };
    proc.on("message", onMessage);
    proc.once("exit", (code) => reject(new Error(`subscriber process exited with code ${code}`)));
  });
}

async function main() {
  log(`migrating a fresh database in ${dataDir}`);
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const migrate = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: root,
    env: { ...inherited, DATA_DIR: dataDir },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migration failed:\n${migrate.stdout}${migrate.stderr}`);
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  process.env.LOG_STDOUT = "0";

  // Imported only now: server/env.ts reads DATA_DIR once, on first import.
  const { createUser } = await import("@/server/users/users");
  const { createApiToken } = await import("@/server/auth/api-tokens");
  const { GET } = await import("@/app/api/events/route");
  const { eventBus } = await import("@/server/events");
  const { serveFetchHandler } = await import("./lib/fetch-server");

  const user = await createUser({
    email: "bench@example.test",
    name: "Bench",
    password: "bench password 123",
    role: "user",
  });
  const { token } = await createApiToken({ userId: user.id, name: "bench" });
  const server = await serveFetchHandler((req) => GET(req));
  closeServer = server.close;
  const idle = memory();

  log(`${SUBSCRIBERS} subscribers connecting to ${server.url}`);
  child = fork(path.join(root, "bench/lib/sse-subscribers.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      BENCH_SSE: JSON.stringify({ url: server.url, token, subscribers: SUBSCRIBERS, events: EVENTS }),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await waitFor(child, "ready", 30_000);
  const connected = memory();
  if (eventBus.subscriberCount() !== SUBSCRIBERS) {
    throw new Error(`expected ${SUBSCRIBERS} subscriptions on the bus, found ${eventBus.subscriberCount()}`);
  }

  log(`publishing ${EVENTS} events at ${RATE}/s`);
  const result = waitFor(child, "result", Math.ceil((EVENTS / RATE) * 1000) + 30_000);
  const cpuBefore = process.cpuUsage();
  const interval = 1000 / RATE;
  const start = performance.now();
  let peakRss = connected.rss;
  for (let i = 0; i < EVENTS; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    eventBus.publish("progress", {
      key: `bench-${i}`,
      percent: Math.round(((i + 1) / EVENTS) * 100),
      message: String(performance.timeOrigin + performance.now()),
    });
    if (i % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const publishSeconds = (performance.now() - start) / 1000;
  const drain = setTimeout(() => child?.send({ type: "finish" }), 10_000);
  const r = await result;
  clearTimeout(drain);
  const after = memory();
  const cpu = process.cpuUsage(cpuBefore);
  peakRss = Math.max(peakRss, after.rss);

  return {
    bench: "events",
    subscribers: SUBSCRIBERS,
    events: EVENTS,
    rate_per_s: RATE,
    publish_s: round(publishSeconds),
    deliveries: r.deliveries,
    expected_deliveries: r.expected,
    duplicates: r.duplicates,
    p50_ms: r.p50_ms,
    p95_ms: r.p95_ms,
    p99_ms: r.p99_ms,
    max_ms: r.max_ms,
    mean_ms: r.mean_ms,
    server_rss_idle_mb: mb(idle.rss),
    server_rss_connected_mb: mb(connected.rss),
    server_rss_mb: mb(after.rss),
    server_rss_peak_mb: mb(peakRss),
    server_heap_idle_mb: mb(idle.heap),
    server_heap_connected_mb: mb(connected.heap),
    server_heap_mb: mb(after.heap),
    server_cpu_s: round((cpu.user + cpu.system) / 1e6),
    subscribers_cpu_s: r.cpu_s,
    node: process.version,
    cpus: os.cpus().length,
    load_avg_1m: round(os.loadavg()[0]!),
    target_p95_ms: TARGET_P95_MS,
    pass: r.deliveries === r.expected && r.duplicates === 0 && r.p95_ms < TARGET_P95_MS,
  };
}

async function cleanup() {
  child?.kill();
  await closeServer().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}

const deadline = setTimeout(() => {
  log(`gave up after ${TIME_LIMIT_MS / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, TIME_LIMIT_MS);

main()
  .then(async (figures) => {
    clearTimeout(deadline);
    await cleanup();
    console.log(JSON.stringify(figures));
    process.exit(figures.pass ? 0 : 1);
  })
  .catch(async (err: unknown) => {
    clearTimeout(deadline);
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    await cleanup();
    console.log(
      JSON.stringify({ bench: "events", error: err instanceof Error ? err.message : String(err), pass: false }),
    );
    process.exit(1);
  });
