import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { ADMIN, trpcMutation } from "@/tests/e2e/fixtures";
import { startOllamaServer } from "@/tests/support/ollama-server";
import { type RunningApp, startApp } from "./lib/chat-app";
import { calibrate, instrumentScript, pageNow, pageState, startFrames, stopFrames, watchAnswer } from "./lib/chat-page";
import { answerText, directTurn, tokenLags } from "./lib/chat-direct";
import { type ProxiedRequest, startTimingProxy, wallNow } from "./lib/chat-proxy";
import { percentile, round } from "./lib/stats";

/**
 * The Chat page end to end: the production build under `next start`, Chromium driven by
 * Playwright, and the Ollama test server behind a timing proxy (bench/lib/chat-proxy.ts), so
 * the provider's own time is measured on the wire and the page's in the DOM.
 *   1. overhead: browser request -> first token painted, minus the provider's time to first token;
 *      and its floor: a fetch of the app's lightest authenticated stream, painted;
 *   2. throughput: a long answer at --rate tokens/s: every token rendered, render lag, long
 *      tasks, frames and keystrokes typed into the composer meanwhile;
 *   3. length: a --long message session against new sessions (time to first token, server CPU
 *      per streamed token) and, without the browser, against a --full message session whose
 *      history already fills the model's window; and scrolling a --scroll message session.
 * Usage: npm run bench -- chat [--sends 50] [--rate 2000] [--seconds 10] [--long 1000] [--full 100]
 *   [--scroll 2000] [--rounds 20] [--port 3300] [--keep] [--profile] (the server's CPU profile,
 *   written into the kept DATA_DIR/profile)
 * Needs a production build (`npx next build`). Last line: the JSON result.
 */
const TARGETS = { overhead_p50_ms: 15, length_ratio_max: 1.1, scroll_frame_p95_ms: 50 };
const MODEL = "ollama:llama3.2:latest";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number.`);
  return value;
}

const SENDS = option("sends", 50);
const RATE = option("rate", 2000);
const SECONDS = option("seconds", 10);
const LONG = option("long", 1000);
const SCROLL = option("scroll", 2000);
const FULL_WINDOW = option("full", 100);
const ROUNDS = option("rounds", 20);
const PORT = option("port", 3300);
const KEEP = process.argv.includes("--keep");
const PROFILE = process.argv.includes("--profile");
const WARMUP = 5;

const log = (m: string) => process.stderr.write(`[bench chat] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

function frameStats(frames: number[]) {
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  return { frames: frames.length, ...stats(gaps), over_50ms: gaps.filter((g) => g > 50).length };
}

function longTaskStats(tasks: { start: number; duration: number }[], from: number, to: number) {
  const inside = tasks.filter((t) => t.start >= from && t.start <= to).map((t) => t.duration);
  return {
    count: inside.length,
    total_ms: round(inside.reduce((a, b) => a + b, 0)),
    max_ms: round(Math.max(0, ...inside)),
  };
}

interface Bench {
  app: RunningApp;
  fake: Awaited<ReturnType<typeof startOllamaServer>>;
  proxy: Awaited<ReturnType<typeof startTimingProxy>>;
}

interface Turn {
  /** Browser request start -> first token painted, and the same minus the provider's own time to first token. */
  pageTtft: number;
  providerTtft: number;
  overhead: number;
  /** Same, up to the DOM change rather than the paint. */
  overheadDom: number;
  enterToPaint: number;
  /** Browser request start -> request at the provider, and provider's first byte -> painted (wall clocks, offset-corrected). */
  beforeProvider: number;
  afterProvider: number;
  provider: ProxiedRequest;
  samples: number[];
  pageStart: number;
  pageEnd: number;
}

let counter = 0;

/** One prompt from the composer, answered by the test server with `words` tokens at `rate`; waits until the answer's stream has ended. */
async function turn(
  b: Bench,
  page: Page,
  opts: { words: number; rate?: number; record?: boolean; during?: (done: () => boolean) => Promise<void> },
): Promise<Turn> {
  const n = ++counter;
  const marker = `Zx${n}q`;
  const text = answerText(marker, opts.words);
  b.fake.script({ text, ...(opts.rate ? { tokensPerSecond: opts.rate } : {}) });
  await watchAnswer(page, marker, opts.record ?? false);
  const fetchesBefore = (await pageState(page, "chatFetches")).length;
  const requestsBefore = b.proxy.requests.length;
  const timeout = (opts.rate ? (opts.words / opts.rate) * 1000 : 0) + 240_000;
  // The turn is settled when the answer's stream has ended: its last chunk carries the saved
  // row's id and figures (the page no longer re-reads the thread after an ordinary turn).
  const resynced = page
    .waitForResponse((r) => r.url().endsWith("/api/chat") && r.request().method() === "POST", { timeout })
    .then((r) => r.finished());
  await page.locator('[data-testid="chat-input"]').fill(`Question ${n}`);
  const pageStart = await pageNow(page);
  await page.keyboard.press("Enter");
  let finished = false;
  const during = opts.during?.(() => finished);
  await resynced.finally(() => (finished = true));
  await during;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ready = await page.evaluate(
      (before) => window.__bench.watch?.paintAt != null && window.__bench.chatFetches.length > before,
      fetchesBefore,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      const seen = await page.evaluate(() => ({
        watch: window.__bench.watch,
        fetches: window.__bench.chatFetches.length,
        thread: document.querySelector('[data-testid="chat-messages"]')?.textContent?.slice(-300),
      }));
      throw new Error(`The answer "${marker}…" did not show up in the page: ${JSON.stringify(seen)}`);
    }
    await sleep(20);
  }
  const got = await page.evaluate(() => ({
    watch: window.__bench.watch!,
    fetch: window.__bench.chatFetches.at(-1)!,
    enterAt: window.__bench.enterAt!,
    origin: performance.timeOrigin,
    now: performance.now(),
  }));
  const provider = b.proxy.requests.slice(requestsBefore).find((r) => r.path === "/api/chat");
  if (!provider?.firstByte) throw new Error("The app did not call the provider's /api/chat.");
  const pageTtft = got.watch.paintAt! - got.fetch.start;
  const providerTtft = provider.firstByte - provider.start;
  return {
    pageTtft,
    providerTtft,
    overhead: pageTtft - providerTtft,
    overheadDom: got.watch.seenAt! - got.fetch.start - providerTtft,
    enterToPaint: got.watch.paintAt! - got.enterAt,
    beforeProvider: provider.start - (got.origin + got.fetch.start - clock.offset),
    afterProvider: got.origin + got.watch.paintAt! - clock.offset - provider.firstByte,
    provider,
    samples: got.watch.samples,
    pageStart,
    pageEnd: got.now,
  };
}

let clock = { offset: 0, uncertainty: 0 };

function summariseTurns(turns: Turn[]) {
  return {
    sends: turns.length,
    overhead_ms: stats(turns.map((t) => t.overhead)),
    overhead_to_dom_ms: stats(turns.map((t) => t.overheadDom)),
    page_ttft_ms: stats(turns.map((t) => t.pageTtft)),
    provider_ttft_ms: stats(turns.map((t) => t.providerTtft)),
    request_to_provider_ms: stats(turns.map((t) => t.beforeProvider)),
    provider_first_byte_to_paint_ms: stats(turns.map((t) => t.afterProvider)),
    enter_to_paint_ms: stats(turns.map((t) => t.enterToPaint)),
  };
}

async function newChat(page: Page): Promise<void> {
  const before = page.url();
  await page.getByTestId("chat-new").click();
  await page.waitForURL((u) => u.search.includes("session=") && u.href !== before);
  await page.getByTestId("chat-input").waitFor();
}

async function openSession(page: Page, id: string, lastPrompt: string): Promise<number> {
  const start = wallNow();
  await page.goto(`/chat?session=${id}`);
  await page
    .locator('[data-testid="chat-message"][data-role="user"]', { hasText: lastPrompt })
    .last()
    .waitFor({ timeout: 120_000 });
  return round(wallNow() - start);
}

/** Part 1: short answers; the figure is the app's own share of the time to first token. */
/**
 * The floor under the overhead on this machine: the same page fetches the app's lightest
 * authenticated stream (/api/events: no database write, no model) and paints its first bytes.
 * Request start → first bytes in the DOM → the frame that shows them, with nothing of the chat
 * in between; the chat's overhead can only be larger.
 */
async function paintFloor(page: Page, runs: number) {
  const times = await page.evaluate(async (n) => {
    const out: { toDom: number; toPaint: number }[] = [];
    const box = document.createElement("div");
    document.body.append(box);
    for (let i = 0; i < n; i++) {
      const controller = new AbortController();
      const start = performance.now();
      const res = await fetch("/api/events?topics=settings", { signal: controller.signal });
      const { value } = await res.body!.getReader().read();
      box.textContent = `${i} ${value?.length ?? 0}`;
      const toDom = performance.now() - start;
      const painted = await new Promise<number>((resolve) =>
        window.__bench.afterPaint(() => resolve(performance.now())),
      );
      out.push({ toDom, toPaint: painted - start });
      controller.abort();
      await new Promise((r) => setTimeout(r, 50));
    }
    box.remove();
    return out;
  }, runs);
  return { to_dom_ms: stats(times.map((t) => t.toDom)), to_paint_ms: stats(times.map((t) => t.toPaint)) };
}

async function overhead(b: Bench, page: Page) {
  await page.goto("/chat");
  const turns: Turn[] = [];
  for (let i = 0; i < WARMUP + SENDS; i++) {
    if (i % 10 === 0) await newChat(page);
    const t = await turn(b, page, { words: 8 });
    if (i >= WARMUP) turns.push(t);
    await sleep(150);
  }
  return summariseTurns(turns);
}

/** Render lag of every token: the first DOM sample whose text is at least as long, minus when the token passed the proxy. */
function renderLag(tokens: ProxiedRequest["tokens"], samples: number[]) {
  const dom = Array.from({ length: samples.length / 2 }, (_, i) => ({
    at: samples[2 * i]!,
    length: samples[2 * i + 1]!,
  }));
  const { lags, missing } = tokenLags(tokens, dom, clock.offset);
  return { missing, lag: stats(lags) };
}

/** The server's CPU time per streamed token (µs), between the answer's 10th and 90th percent, away from the turn's fixed costs. */
function cpuPerToken(b: Bench, words: number): () => number | null {
  const cpu: { at: number; ns: number }[] = [];
  const from = Math.floor(words * 0.1);
  const to = Math.floor(words * 0.9);
  b.proxy.onToken((count) => {
    if (count === from || count === to) cpu.push({ at: count, ns: b.app.cpuNs() });
  });
  return () => {
    b.proxy.onToken(null);
    const [a, z] = cpu;
    return a && z ? round((z.ns - a.ns) / 1000 / (z.at - a.at), 1) : null;
  };
}

/** A long answer at a steady rate; keystrokes go into the composer every 100 ms meanwhile. */
async function stream(b: Bench, page: Page, words: number, rate: number) {
  const cpu = cpuPerToken(b, words);
  await page.evaluate(() => {
    window.__bench.keys = [];
    window.__bench.slowEvents = [];
  });
  await startFrames(page);
  let typed = "";
  const t = await turn(b, page, {
    words,
    rate,
    record: true,
    during: async (done) => {
      await sleep(300);
      await page.evaluate(() => (window.__bench.keysOn = true));
      while (
        !done() &&
        (b.proxy.requests.findLast((r) => r.path === "/api/chat")?.tokens.length ?? 0) < words - rate / 10
      ) {
        await page.keyboard.type("k");
        typed += "k";
        await sleep(100);
      }
      await page.evaluate(() => (window.__bench.keysOn = false));
    },
  });
  const cpuUs = cpu();
  const frames = await stopFrames(page);
  const after = await page.evaluate(() => {
    const answers = document.querySelectorAll('[data-testid="chat-message"][data-role="assistant"]');
    const last = answers[answers.length - 1];
    const input = document.querySelector<HTMLTextAreaElement>('[data-testid="chat-input"]');
    return {
      text: (last?.querySelector(".prose-chat") ?? last)?.textContent ?? "",
      draft: input?.value ?? "",
      keys: window.__bench.keys,
      slow: window.__bench.slowEvents,
      longTasks: window.__bench.longTasks,
    };
  });
  await page.locator('[data-testid="chat-input"]').fill("");
  const expected = answerText(`Zx${counter}q`, words);
  const tokens = t.provider.tokens;
  const lastSample = t.samples.at(-1);
  const first = tokens[0]!.at;
  const last = tokens.at(-1)!.at;
  return {
    tokens_sent: tokens.length,
    stream_seconds: round((last - first) / 1000),
    every_token_rendered: after.text === expected && lastSample === expected.length,
    dom_updates: t.samples.length / 2,
    ...renderLag(tokens, t.samples),
    long_tasks: longTaskStats(after.longTasks, t.pageStart, t.pageEnd),
    frames: frameStats(frames),
    keystrokes: {
      typed: typed.length,
      kept: after.draft === typed,
      ...stats(after.keys.map((k) => k.toPaint)),
      input_delay_p95: round(
        percentile(
          after.keys.map((k) => k.delay).sort((x, y) => x - y),
          95,
        ),
      ),
    },
    slow_events: after.slow.length,
    server_cpu_us_per_token: cpuUs,
    ttft_ms: round(t.pageTtft),
  };
}

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

async function newSessionId(page: Page): Promise<string> {
  return (await trpcMutation(page, "chat.create", {})).id;
}

function summariseDirect(turns: Awaited<ReturnType<typeof directTurn>>[]) {
  return {
    sends: turns.length,
    server_overhead_ms: stats(turns.map((t) => t.serverTtft - t.providerTtft)),
    server_ttft_ms: stats(turns.map((t) => t.serverTtft)),
    provider_ttft_ms: stats(turns.map((t) => t.providerTtft)),
    request_to_provider_ms: stats(turns.map((t) => t.provider.start - t.start)),
    provider_first_byte_to_client_ms: stats(turns.map((t) => t.arrivals[0]!.at - t.provider.firstByte!)),
  };
}

/** Part 1 without the browser: the server's own share of the time to first token. */
async function directOverhead(b: Bench, page: Page) {
  const cookie = await cookieHeader(page);
  const turns: Awaited<ReturnType<typeof directTurn>>[] = [];
  let sessionId = "";
  for (let i = 0; i < WARMUP + SENDS; i++) {
    if (i % 10 === 0) sessionId = await newSessionId(page);
    const t = await directTurn({ appUrl: b.app.url, cookie, sessionId, fake: b.fake, proxy: b.proxy, words: 8 });
    if (i >= WARMUP) turns.push(t);
    await sleep(50);
  }
  return summariseDirect(turns);
}

/** A long answer read by the bench itself: server-side lag per token and CPU per token. */
async function directStream(b: Bench, page: Page, sessionId: string, words: number, rate: number) {
  const cpu = cpuPerToken(b, words);
  const t = await directTurn({
    appUrl: b.app.url,
    cookie: await cookieHeader(page),
    sessionId,
    fake: b.fake,
    proxy: b.proxy,
    words,
    rate,
  });
  const cpuUs = cpu();
  const { lags, missing } = tokenLags(t.provider.tokens, t.arrivals);
  return {
    tokens_sent: t.provider.tokens.length,
    every_token_received: t.text === t.expected,
    missing,
    server_lag_ms: stats(lags),
    server_cpu_us_per_token: cpuUs,
  };
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "lap-bench-chat-"));
  let browser: Browser | null = null;
  let b: Bench | null = null;
  const started = Date.now();
  try {
    const fake = await startOllamaServer();
    const proxy = await startTimingProxy(fake.url);
    const app = await startApp({
      dataDir,
      port: PORT,
      executorPort: PORT + 5090,
      log,
      profileDir: PROFILE ? path.join(dataDir, "profile") : undefined,
    });
    b = { app, fake, proxy };
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: instrumentScript });
    const page = await context.newPage();

    log("setup: first admin, provider URL");
    await page.goto("/setup");
    for (const [name, value] of [
      ["name", ADMIN.name],
      ["email", ADMIN.email],
      ["password", ADMIN.password],
      ["confirm", ADMIN.password],
    ] as const) {
      await page.locator(`[data-testid="setup-form"] input[name="${name}"]`).fill(value);
    }
    await page.getByTestId("setup-submit").click();
    await page.waitForURL((u) => u.pathname === "/", { timeout: 60_000 });
    await trpcMutation(page, "settings.applyChanges", {
      changes: { providers: { ollamaUrl: proxy.url, defaultModel: MODEL } },
    });

    log(`seeding sessions of ${LONG} and ${SCROLL} messages`);
    process.env.DATA_DIR = dataDir;
    const { db } = await import("@/server/db");
    const { seedConversation } = await import("./lib/chat-seed");
    const user = await db.user.findFirstOrThrow({ where: { email: ADMIN.email } });
    const longId = await seedConversation(db, {
      userId: user.id,
      title: `Long chat (${LONG})`,
      messages: LONG,
      modelId: MODEL,
    });
    // Already more history than the model's window takes: against it, the long chat shows what its
    // length alone costs, apart from sending a full window instead of one prompt.
    const fullId = await seedConversation(db, {
      userId: user.id,
      title: `Full-window chat (${FULL_WINDOW})`,
      messages: FULL_WINDOW,
      modelId: MODEL,
    });
    const scrollId = await seedConversation(db, {
      userId: user.id,
      title: `Longer chat (${SCROLL})`,
      messages: SCROLL,
      modelId: MODEL,
    });
    await db.$disconnect();

    await page.goto("/chat");
    clock = await calibrate(page);
    log(`page clock offset ${round(clock.offset, 3)} ms ± ${round(clock.uncertainty, 3)}`);

    log(`1/4 overhead: ${WARMUP} warm-up + ${SENDS} sends, in the browser and without it`);
    const overheadPage = await overhead(b, page);
    const overheadServer = await directOverhead(b, page);
    const floor = await paintFloor(page, 40);
    log(
      `    page p50 ${overheadPage.overhead_ms.p50} ms p95 ${overheadPage.overhead_ms.p95} ms; server alone p50 ${overheadServer.server_overhead_ms.p50} ms p95 ${overheadServer.server_overhead_ms.p95} ms`,
    );

    log(`2/4 throughput: ${RATE * SECONDS} tokens at ${RATE}/s, in the browser and without it`);
    await newChat(page);
    clock = await calibrate(page);
    const throughputPage = await stream(b, page, RATE * SECONDS, RATE);
    const throughputServer = await directStream(b, page, await newSessionId(page), RATE * SECONDS, RATE);
    log(
      `    page: all rendered ${throughputPage.every_token_rendered}, lag p50 ${throughputPage.lag.p50} ms p95 ${throughputPage.lag.p95} ms, long tasks ${throughputPage.long_tasks.count}; server alone: lag p50 ${throughputServer.server_lag_ms.p50} ms p95 ${throughputServer.server_lag_ms.p95} ms`,
    );

    log(`3/4 length: ${ROUNDS} rounds, new sessions vs one of ${LONG} messages`);
    const longPage = await context.newPage();
    const openLongMs = await openSession(longPage, longId, `Question ${LONG - 1}:`);
    const pageTurns: Record<"new" | "long", Turn[]> = { new: [], long: [] };
    const serverTurns: Record<"new" | "long" | "full", Awaited<ReturnType<typeof directTurn>>[]> = {
      new: [],
      long: [],
      full: [],
    };
    const cookie = await cookieHeader(page);
    for (let i = 0; i < ROUNDS; i++) {
      for (const which of i % 2 === 0 ? (["new", "long"] as const) : (["long", "new"] as const)) {
        const p = which === "new" ? page : longPage;
        await p.bringToFront();
        if (which === "new") await newChat(page);
        pageTurns[which].push(await turn(b, p, { words: 8 }));
        await sleep(300);
        const sessionId = which === "new" ? await newSessionId(page) : longId;
        serverTurns[which].push(await directTurn({ appUrl: app.url, cookie, sessionId, fake, proxy, words: 8 }));
      }
      serverTurns.full.push(await directTurn({ appUrl: app.url, cookie, sessionId: fullId, fake, proxy, words: 8 }));
    }
    const streamWords = RATE * 4;
    const pageStreams: Record<"new" | "long", Awaited<ReturnType<typeof stream>>> = {} as never;
    for (const which of ["new", "long"] as const) {
      const p = which === "new" ? page : longPage;
      await p.bringToFront();
      if (which === "new") await newChat(page);
      clock = await calibrate(p);
      pageStreams[which] = await stream(b, p, streamWords, RATE);
      await sleep(500);
    }
    const serverStreams: Record<"new" | "long", Awaited<ReturnType<typeof directStream>>[]> = { new: [], long: [] };
    for (const which of ["new", "long", "new", "long", "new", "long"] as const) {
      serverStreams[which].push(
        await directStream(b, page, which === "new" ? await newSessionId(page) : longId, streamWords, RATE),
      );
    }
    await longPage.close();
    const median = (xs: (number | null)[]) =>
      percentile(
        xs.filter((x): x is number => x !== null).sort((x, y) => x - y),
        50,
      );
    const cpuNew = median(serverStreams.new.map((r) => r.server_cpu_us_per_token));
    const cpuLong = median(serverStreams.long.map((r) => r.server_cpu_us_per_token));
    const ttft = (turns: { new: number[]; long: number[] }) => ({
      new_p50: round(median(turns.new)),
      long_p50: round(median(turns.long)),
      ratio: round(median(turns.long) / median(turns.new)),
    });
    const length = {
      messages: LONG,
      open_ms: openLongMs,
      page_ttft: ttft({ new: pageTurns.new.map((t) => t.pageTtft), long: pageTurns.long.map((t) => t.pageTtft) }),
      server_ttft: ttft({
        new: serverTurns.new.map((t) => t.serverTtft),
        long: serverTurns.long.map((t) => t.serverTtft),
      }),
      server_ttft_vs_full_window: (({ new_p50, ...rest }) => ({ full_window_p50: new_p50, ...rest }))(
        ttft({ new: serverTurns.full.map((t) => t.serverTtft), long: serverTurns.long.map((t) => t.serverTtft) }),
      ),
      server_cpu_us_per_token: { new: cpuNew, long: cpuLong, ratio: round(cpuLong / cpuNew) },
      page: {
        new_session: summariseTurns(pageTurns.new),
        long_session: summariseTurns(pageTurns.long),
        streams: pageStreams,
      },
      server: {
        new_session: summariseDirect(serverTurns.new),
        long_session: summariseDirect(serverTurns.long),
        streams: serverStreams,
      },
    };
    log(
      `    ttft p50 page ${JSON.stringify(length.page_ttft)}, server ${JSON.stringify(length.server_ttft)}; cpu/token ${cpuNew} vs ${cpuLong} µs`,
    );

    log(`4/4 scrolling a session of ${SCROLL} messages`);
    const scroll = await scrolling(page, scrollId);
    log(
      `    frames p95 ${scroll.frames.p95} ms, long tasks ${scroll.long_tasks.count} (max ${scroll.long_tasks.max_ms} ms)`,
    );

    const checks = {
      overhead_p50: overheadPage.overhead_ms.p50 < TARGETS.overhead_p50_ms,
      every_token_rendered: throughputPage.every_token_rendered && throughputServer.every_token_received,
      keystrokes_kept: throughputPage.keystrokes.kept,
      length_page_ttft: length.page_ttft.ratio <= TARGETS.length_ratio_max,
      length_server_ttft: length.server_ttft.ratio <= TARGETS.length_ratio_max,
      length_cpu_per_token: length.server_cpu_us_per_token.ratio <= TARGETS.length_ratio_max,
      scroll_frames_p95: scroll.frames.p95 <= TARGETS.scroll_frame_p95_ms,
    };
    const pass = Object.values(checks).every(Boolean);
    console.log(
      JSON.stringify({
        bench: "chat",
        targets: TARGETS,
        checks,
        overhead: { page: overheadPage, server: overheadServer, floor },
        throughput: { rate: RATE, page: throughputPage, server: throughputServer },
        length,
        scroll,
        clock_uncertainty_ms: round(clock.uncertainty, 3),
        load_avg_1m: round(os.loadavg()[0]!),
        duration_s: round((Date.now() - started) / 1000, 1),
        pass,
      }),
    );
    process.exitCode = pass ? 0 : 1;
  } catch (err) {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    console.log(
      JSON.stringify({ bench: "chat", error: err instanceof Error ? err.message : String(err), pass: false }),
    );
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await b?.app.stop().catch(() => undefined);
    await b?.proxy.close().catch(() => undefined);
    await b?.fake.close().catch(() => undefined);
    if (KEEP || PROFILE) log(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Opens the long session, then wheels up through it in 16 ms steps, recording frames and long tasks. */
async function scrolling(page: Page, id: string) {
  const openMs = await openSession(page, id, `Question ${SCROLL - 1}:`);
  await sleep(1000);
  const scroller = page.locator('[data-testid="chat-messages"]');
  const box = (await scroller.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await scroller.evaluate((el) => ({
    top: el.scrollTop,
    height: el.scrollHeight,
    rendered: el.querySelectorAll('[data-testid="chat-message"]').length,
    nodes: document.getElementsByTagName("*").length,
  }));
  const from = await pageNow(page);
  await startFrames(page);
  for (let i = 0; i < 150; i++) {
    await page.mouse.wheel(0, -400);
    await sleep(16);
  }
  await sleep(500);
  const frames = await stopFrames(page);
  const to = await pageNow(page);
  const top = await scroller.evaluate((el) => el.scrollTop);
  return {
    messages: SCROLL,
    open_ms: openMs,
    messages_in_dom: before.rendered,
    dom_elements: before.nodes,
    scrolled_px: Math.round(before.top - top),
    frames: frameStats(frames),
    long_tasks: longTaskStats(await pageState(page, "longTasks"), from, to),
  };
}

void main();
