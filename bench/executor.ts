import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { Executor } from "@/server/executor/executor";
import { newSigningKey } from "@/server/executor/signing";
import { serveFetchHandler } from "./lib/fetch-server";
import { percentile, round } from "./lib/stats";

/**
 * Embedded executor throughput and latency, in one process as under `next start` (the executor
 * and the SDK's serve() endpoint on real loopback HTTP, signed calls, SQLite state):
 * RUNS runs of a STEPS-step no-op function sent at once -> completed steps per second and the
 * per-step overhead (gap between consecutive steps of a run); then LATENCY single events sent one
 * by one -> event sent to first step running. Last line: the JSON result.
 * Usage: npm run bench -- executor [--runs 1000] [--steps 10] [--latency 100] [--concurrency 32]
 *   [--no-checkpointing] (one call per step, as with a client that sets checkpointing: false)
 */
const TARGETS = { steps_per_s: 200, overhead_p50_ms: 10, first_step_p50_ms: 50 };
const TIME_LIMIT_MS = 300_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number.`);
  return value;
}

const RUNS = option("runs", 1000);
const STEPS = option("steps", 10);
const LATENCY = option("latency", 100);
const CONCURRENCY = option("concurrency", 4);
const CHECKPOINTING = !process.argv.includes("--no-checkpointing");

const dataDir = mkdtempSync(path.join(os.tmpdir(), "lap-bench-executor-"));
const log = (m: string) => process.stderr.write(`[bench executor] ${m}\n`);

async function main() {
  const signingKey = newSigningKey();
  const eventKey = "bench-event-key";
  let handler: (req: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const app = await serveFetchHandler((req) => handler(req));
  const executor = new Executor({
    dbFile: path.join(dataDir, "executor.db"),
    appUrl: `${app.url}/api/inngest`,
    signingKey,
    eventKey,
    concurrency: CONCURRENCY,
    checkpointing: CHECKPOINTING,
  });
  await executor.start();
  const client = new Inngest({
    id: "bench",
    isDev: false,
    baseUrl: executor.url,
    signingKey,
    eventKey,
    checkpointing: CHECKPOINTING,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  });

  const stepTimes = new Map<string, number[]>();
  const firstStep = new Map<string, number>();
  const noop = client.createFunction(
    { id: "noop", retries: 0, triggers: [{ event: "bench/run" }] },
    async ({ event, step }) => {
      const key = String(event.data.key);
      for (let i = 0; i < STEPS; i++) {
        await step.run(`s${i}`, () => {
          const t = performance.now();
          if (i === 0 && !firstStep.has(key)) firstStep.set(key, t);
          const list = stepTimes.get(key) ?? [];
          list[i] ??= t;
          stepTimes.set(key, list);
          return i;
        });
      }
      return STEPS;
    },
  );
  const { GET, POST, PUT } = serve({ client, functions: [noop] });
  const methods = { GET, POST, PUT } as unknown as Record<string, (r: Request, c: unknown) => Promise<Response>>;
  handler = (req) => methods[req.method]!(req, undefined);
  await executor.sync();

  const countCompleted = executor.db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE status = 'completed'`);
  const countFailed = executor.db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE status = 'failed'`);
  const completed = () => (countCompleted.get() as { n: number }).n;
  const failed = () => (countFailed.get() as { n: number }).n;
  const waitFor = async (n: number) => {
    while (completed() + failed() < n) await new Promise((r) => setTimeout(r, 20));
  };

  log(`throughput: ${RUNS} runs x ${STEPS} steps, ${CONCURRENCY} calls in flight`);
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i += 250) {
    await client.send(
      Array.from({ length: Math.min(250, RUNS - i) }, (_, j) => ({ name: "bench/run", data: { key: `t${i + j}` } })),
    );
  }
  await waitFor(RUNS);
  const elapsed = (performance.now() - t0) / 1000;
  const gaps: number[] = [];
  for (const times of stepTimes.values()) for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  gaps.sort((a, b) => a - b);

  log(`latency: ${LATENCY} events one at a time`);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY; i++) {
    const key = `l${i}`;
    const sent = performance.now();
    await client.send({ name: "bench/run", data: { key } });
    while (!firstStep.has(key)) await new Promise((r) => setImmediate(r));
    latencies.push(firstStep.get(key)! - sent);
    await waitFor(RUNS + i + 1);
  }
  latencies.sort((a, b) => a - b);
  const isolatedGaps: number[] = [];
  for (let i = 0; i < LATENCY; i++) {
    const times = stepTimes.get(`l${i}`)!;
    for (let s = 1; s < times.length; s++) isolatedGaps.push(times[s]! - times[s - 1]!);
  }
  isolatedGaps.sort((a, b) => a - b);

  const failures = failed();
  await executor.stop();
  await app.close();
  const stepsPerS = (RUNS * STEPS) / elapsed;
  const figures = {
    bench: "executor",
    runs: RUNS,
    steps_per_run: STEPS,
    concurrency: CONCURRENCY,
    checkpointing: CHECKPOINTING,
    failed_runs: failures,
    elapsed_s: round(elapsed),
    steps_per_s: round(stepsPerS, 0),
    overhead_p50_ms: round(percentile(gaps, 50)),
    overhead_p95_ms: round(percentile(gaps, 95)),
    overhead_unloaded_p50_ms: round(percentile(isolatedGaps, 50)),
    first_step_p50_ms: round(percentile(latencies, 50)),
    first_step_p95_ms: round(percentile(latencies, 95)),
    targets: TARGETS,
  };
  return {
    ...figures,
    pass:
      failures === 0 &&
      figures.steps_per_s >= TARGETS.steps_per_s &&
      figures.overhead_p50_ms < TARGETS.overhead_p50_ms &&
      figures.first_step_p50_ms < TARGETS.first_step_p50_ms,
  };
}

const deadline = setTimeout(() => {
  log(`gave up after ${TIME_LIMIT_MS / 1000} s`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}, TIME_LIMIT_MS);

main()
  .then((figures) => {
    clearTimeout(deadline);
    rmSync(dataDir, { recursive: true, force: true });
    console.log(JSON.stringify(figures));
    process.exit(figures.pass ? 0 : 1);
  })
  .catch((err: unknown) => {
    clearTimeout(deadline);
    rmSync(dataDir, { recursive: true, force: true });
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    console.log(
      JSON.stringify({ bench: "executor", error: err instanceof Error ? err.message : String(err), pass: false }),
    );
    process.exit(1);
  });
