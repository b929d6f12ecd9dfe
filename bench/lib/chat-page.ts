import type { Page } from "playwright-core";
import { wallNow } from "./chat-proxy";

/**
 * What the bench reads inside the Chat page. Installed before any page script runs; all times
 * are the page's performance.now() unless named `wall` (performance.timeOrigin + now, the same
 * wall clock as the bench process's, up to the offset `calibrate` measures).
 */
export interface PageState {
  /** The answer being watched: found by a marker its first token carries. */
  watch: {
    marker: string;
    /** When the marker first was in the DOM, and when the frame that showed it was painted. */
    seenAt: number | null;
    paintAt: number | null;
    /** [wall time, answer text length] at every DOM change of the answer, while `record` is on. */
    samples: number[];
    record: boolean;
  } | null;
  chatFetches: { start: number; responseStart: number; end: number }[];
  longTasks: { start: number; duration: number }[];
  /** Event Timing entries of 16 ms and longer (input to next paint). */
  slowEvents: { name: string; start: number; delay: number; duration: number }[];
  /** Per keystroke while `keysOn`: handler start minus event time, next paint minus event time. */
  keys: { delay: number; toPaint: number }[];
  keysOn: boolean;
  enterAt: number | null;
  /** requestAnimationFrame timestamps while recording frames. */
  frames: number[] | null;
  /** Calls `fn` once the frame that shows the DOM as it is now has been rendered. */
  afterPaint: (fn: () => void) => void;
}

/** Chromium's Prioritized Task Scheduling API (not in TypeScript's DOM types yet). */
declare const scheduler: { postTask: (fn: () => void, options: { priority: "user-blocking" }) => Promise<void> };

declare global {
  interface Window {
    __bench: PageState;
  }
}

/** Runs in the page (Playwright addInitScript): sets up the observers behind PageState. */
export function instrumentPage(): void {
  // A frame is rendered (style, layout, paint, commit) in the task that runs its animation frame
  // callbacks; a user-blocking task posted from one runs right after that task. A MessageChannel
  // message would also wait behind the tasks the page queued meanwhile (React's scheduler posts
  // its renders that way), up to ~9 ms in a trace of the chat, and count them as painting time.
  const afterPaint = (fn: () => void) =>
    requestAnimationFrame(() => void scheduler.postTask(fn, { priority: "user-blocking" }));
  const state: PageState = {
    watch: null,
    chatFetches: [],
    longTasks: [],
    slowEvents: [],
    keys: [],
    keysOn: false,
    enterAt: null,
    frames: null,
    afterPaint,
  };
  window.__bench = state;
  // The element holding the watched answer's text, for the watch it was found for.
  let watched: Element | null = null;
  let watchedFor: PageState["watch"] = null;
  const find = (records: MutationRecord[], marker: string): Node | null => {
    for (const r of records) {
      // For childList records the target is the parent (possibly the whole thread): look only at what was added.
      const nodes = r.type === "characterData" ? [r.target] : Array.from(r.addedNodes);
      for (const n of nodes) if (n.textContent?.includes(marker)) return n;
    }
    return null;
  };

  new MutationObserver((records) => {
    const w = state.watch;
    if (!w) return;
    const now = performance.now();
    if (watchedFor !== w) {
      const node = find(records, w.marker);
      if (!node) return;
      const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement!;
      const message = element.closest('[data-testid="chat-message"]') ?? element;
      watched = message.querySelector(".prose-chat") ?? message;
      watchedFor = w;
      w.seenAt = now;
      afterPaint(() => (w.paintAt = performance.now()));
    }
    if (!watched!.isConnected) {
      // Re-rendered (the saved answer replaces the streamed one): the last answer, if it is still this one.
      const answers = document.querySelectorAll('[data-testid="chat-message"][data-role="assistant"]');
      const last = answers[answers.length - 1];
      if (!last?.textContent?.includes(w.marker)) return;
      watched = last.querySelector(".prose-chat") ?? last;
    }
    if (w.record) {
      const length = watched!.textContent?.length ?? 0;
      if (w.samples.at(-1) !== length) w.samples.push(performance.timeOrigin + now, length);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });

  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[]) {
      if (new URL(e.name).pathname === "/api/chat")
        state.chatFetches.push({ start: e.startTime, responseStart: e.responseStart, end: e.responseEnd });
    }
  }).observe({ type: "resource", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEventTiming[]) {
      state.slowEvents.push({
        name: e.name,
        start: e.startTime,
        delay: e.processingStart - e.startTime,
        duration: e.duration,
      });
    }
  }).observe({ type: "event", buffered: true, durationThreshold: 16 } as PerformanceObserverInit);

  document.addEventListener(
    "keydown",
    (e) => {
      if (e.key === "Enter") state.enterAt = e.timeStamp;
      if (!state.keysOn) return;
      const handled = performance.now();
      afterPaint(() => state.keys.push({ delay: handled - e.timeStamp, toPaint: performance.now() - e.timeStamp }));
    },
    true,
  );
}

/**
 * The init script's source. tsx compiles with esbuild's keepNames, which wraps inner functions
 * in `__name(...)`; the page has no such helper, so it gets an identity one (used by every
 * function the bench passes to page.evaluate, too).
 */
export const instrumentScript = `globalThis.__name = (fn) => fn;\n(${instrumentPage.toString()})();`;

/** Starts watching for the answer whose first token contains `marker`. */
export async function watchAnswer(page: Page, marker: string, record: boolean): Promise<void> {
  await page.evaluate(
    ({ marker, record }) => {
      window.__bench.watch = { marker, seenAt: null, paintAt: null, samples: [], record };
    },
    { marker, record },
  );
}

export async function pageState<K extends keyof PageState>(page: Page, key: K): Promise<PageState[K]> {
  return (await page.evaluate((k) => window.__bench[k], key)) as PageState[K];
}

/**
 * Offset of the page's wall clock from the bench's (page minus bench, ms), from the
 * round trip with the shortest time; `uncertainty` is half that round trip.
 */
export async function calibrate(page: Page): Promise<{ offset: number; uncertainty: number }> {
  let best = { offset: 0, uncertainty: Infinity };
  for (let i = 0; i < 25; i++) {
    const before = wallNow();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = wallNow();
    if ((after - before) / 2 < best.uncertainty)
      best = { offset: inPage - (before + after) / 2, uncertainty: (after - before) / 2 };
  }
  return best;
}

/** requestAnimationFrame timestamps from now until `stopFrames`. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frames: number[] = [];
    window.__bench.frames = frames;
    const loop = (t: number) => {
      if (window.__bench.frames !== frames) return;
      frames.push(t);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

export async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const frames = window.__bench.frames ?? [];
    window.__bench.frames = null;
    return frames;
  });
}

export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}
