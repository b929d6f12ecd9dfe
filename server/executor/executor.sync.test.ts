import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Executor } from "@/server/executor/executor";
import { canonicalJson } from "@/server/executor/jcs";
import { signBody } from "@/server/executor/signing";
import { waitUntilQuiet } from "@/tests/support/executor-wait";
import { startHarness, type Harness } from "@/tests/support/inngest-harness";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: sync, security and the event API", () => {
  it.each([
    ["throttle", { throttle: { limit: 1, period: "1s" } }, /"throttle" is not supported/],
    ["debounce", { debounce: { period: "1s" } }, /"debounce" is not supported/],
    ["rateLimit", { rateLimit: { limit: 1, period: "1s" } }, /"rateLimit" is not supported/],
    ["batchEvents", { batchEvents: { maxSize: 2, timeout: "1s" } }, /"batchEvents" is not supported/],
    ["priority", { priority: { run: "1" } }, /"priority" is not supported/],
    ["keyed concurrency", { concurrency: { limit: 1, key: "event.data.id" } }, /concurrency with a key/],
  ])("fails the sync naming an unsupported option: %s", async (_name, extra, message) => {
    await expect(
      startHarness((client) => [
        client.createFunction({ id: "fancy", triggers: [{ event: "t/x" }], ...(extra as object) }, async () => "x"),
      ]),
    ).rejects.toThrow(message);
  });

  it("fails the sync on an expression it cannot evaluate", async () => {
    await expect(
      startHarness((client) => [
        client.createFunction(
          { id: "odd-if", triggers: [{ event: "t/x", if: "event.data.all(x, x > 1)" }] },
          async () => "x",
        ),
      ]),
    ).rejects.toThrow(/odd-if: Expression .* not supported/);
  });

  it("the app refuses unsigned and wrongly signed calls", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "guarded", triggers: [{ event: "t/g" }] }, async () => "secret"),
    ]);
    const body = canonicalJson({
      event: { name: "t/g", data: {} },
      events: [],
      steps: {},
      ctx: { run_id: "x", attempt: 0, stack: { stack: [], current: 0 } },
      version: -1,
    });
    const url = `${h.appUrl}?fnId=test-app-guarded&stepId=step`;
    const unsigned = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": signBody(body, `signkey-local-${"00".repeat(32)}`),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const signed = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-inngest-signature": signBody(body, h.signingKey) },
      body,
    });
    expect(signed.status).toBe(200);
  });

  it("the event API checks the key and explains malformed, reserved and oversized events", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "noop", triggers: [{ event: "t/n" }] }, async () => null),
    ]);
    const post = (key: string, body: string) => fetch(`${h!.executor.url}e/${key}`, { method: "POST", body });
    const wrongKey = await post("nope", JSON.stringify([{ name: "t/n" }]));
    expect(wrongKey.status).toBe(401);
    const notJson = await post(h.eventKey, "{");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not JSON/);
    const noName = await post(h.eventKey, JSON.stringify([{ data: {} }]));
    expect(noName.status).toBe(400);
    expect((await noName.json()).error).toMatch(/name/);
    const reserved = await post(h.eventKey, JSON.stringify({ name: "inngest/function.failed", data: {} }));
    expect(reserved.status).toBe(400);
    const big = await post(h.eventKey, JSON.stringify({ name: "t/n", data: { s: "x".repeat(300 * 1024) } }));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatch(/limit is 256 KiB/);
    const huge = await post(h.eventKey, JSON.stringify({ name: "t/n", data: { s: "x".repeat(4 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
    const ok = await post(h.eventKey, JSON.stringify({ name: "t/n", data: {} }));
    expect(await ok.json()).toMatchObject({ status: 200, ids: [expect.any(String)] });
    // The SDK's retry of one send carries the same id seed: the events are stored once.
    const seeded = () =>
      fetch(`${h!.executor.url}e/${h!.eventKey}`, {
        method: "POST",
        headers: { "x-inngest-event-id-seed": `${Date.UTC(2026, 0, 1)},AAECAwQFBgcICQ==` },
        body: JSON.stringify([
          { name: "t/n", data: { a: 1 } },
          { name: "t/n", data: { a: 2 } },
        ]),
      }).then((r) => r.json() as Promise<{ ids: string[] }>);
    const first = await seeded();
    const again = await seeded();
    expect(again.ids).toEqual(first.ids);
    expect(new Set(first.ids).size).toBe(2);
    // Everything the events started has run: a fourth run would show now.
    await waitUntilQuiet(h.executor);
    expect(h.executor.runs("test-app-noop").length).toBe(3);
  });

  it("fires cron triggers with the scheduled.timer event and keeps the schedule after a resync", async () => {
    h = await startHarness((client) => [
      client.createFunction(
        { id: "ticker", triggers: [{ cron: "TZ=America/New_York */5 * * * *" }] },
        async ({ event }) => event,
      ),
    ]);
    const job = () => h!.executor.db.prepare(`SELECT run_at FROM jobs WHERE kind = 'cron'`).get() as { run_at: number };
    const first = job().run_at;
    expect(first % 300_000).toBe(0);
    expect(first).toBeGreaterThan(Date.now());
    h.executor.db.prepare(`UPDATE jobs SET run_at = ? WHERE kind = 'cron'`).run(Date.now());
    const run = await h.waitForRun("ticker");
    expect(JSON.parse(run.output!)).toMatchObject({
      name: "inngest/scheduled.timer",
      data: { cron: "TZ=America/New_York */5 * * * *" },
    });
    expect(job().run_at).toBeGreaterThan(Date.now());
    await h.executor.sync();
    expect(h.executor.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'cron'`).get()).toEqual({ n: 1 });
  });

  it("retries calls while the app is down and loses nothing", async () => {
    const h2 = await startHarness((client) => [
      client.createFunction({ id: "patient", triggers: [{ event: "t/p" }] }, async ({ step }) =>
        step.run("s", () => "done"),
      ),
    ]);
    h = h2;
    const dbFile = h2.dbFile;
    await h2.close();
    h = undefined;
    // The app is gone; a new executor on the same database accepts the event and keeps retrying.
    const executor = new Executor({
      dbFile,
      appUrl: "http://127.0.0.1:9/api/inngest",
      signingKey: h2.signingKey,
      eventKey: "k",
      backoffBaseMs: 20,
    });
    await executor.start();
    executor.send([{ name: "t/p", data: {} }]);
    await vi.waitFor(
      () => {
        const job = executor.db.prepare(`SELECT failures FROM jobs WHERE kind = 'call'`).get() as { failures: number };
        expect(job.failures).toBeGreaterThan(1);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(executor.runs()[0]!.status).not.toBe("failed");
    await executor.stop();
    // The app is back (same functions, new port): the run completes.
    h = await startHarness(
      (client) => [
        client.createFunction({ id: "patient", triggers: [{ event: "t/p" }] }, async ({ step }) =>
          step.run("s", () => "done"),
        ),
      ],
      { dbFile, signingKey: h2.signingKey },
    );
    const run = await h.waitForRun("patient");
    expect(run.status).toBe("completed");
  });

  it("serves the SDK's Next adapter behind the same signature rules (introspection needs no secrets)", async () => {
    const client = new Inngest({
      id: "x",
      isDev: false,
      signingKey: `signkey-local-${"11".repeat(32)}`,
      eventKey: "e",
    });
    const { GET } = serve({ client, functions: [] });
    const res = await GET(new Request("http://127.0.0.1/api/inngest") as never, undefined as never);
    const text = await res.text();
    expect(text).not.toContain("11".repeat(32));
  });
});

describe("embedded executor: checkpoint API, clock and retention", () => {
  it("refuses checkpoints without the hashed signing key, and stale ones with 409", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "cp", triggers: [{ event: "t/cp" }] }, async () => null),
    ]);
    const url = `${h.executor.url}v1/checkpoint/some-run/async`;
    const body = JSON.stringify({ run_id: "some-run", qi_id: "q", steps: [] });
    expect((await fetch(url, { method: "POST", body })).status).toBe(401);
    const { hashedSigningKey } = await import("@/server/executor/signing");
    const res = await fetch(url, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${hashedSigningKey(h.signingKey)}` },
    });
    expect(res.status).toBe(409);
  });

  it("treats sleeps as wall-clock deadlines: a clock jumping past the end wakes the run", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "long-nap", triggers: [{ event: "t/nap" }] }, async ({ step }) => {
        await step.sleep("nap", "2h");
        return "awake";
      }),
    ]);
    await h.send("t/nap");
    const resumeJob = () =>
      h!.executor.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'resume'`).get() as { n: number };
    const end = Date.now() + 10_000;
    while (resumeJob().n === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    const realNow = Date.now;
    const jump = 2 * 3_600_000 + 1_000;
    Date.now = () => realNow() + jump;
    try {
      const run = await h.waitForRun("long-nap");
      expect(JSON.parse(run.output!)).toBe("awake");
    } finally {
      Date.now = realNow;
    }
  });

  it("forgets event ids after 24 hours and finished runs after the retention period", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "short", triggers: [{ event: "t/s" }] }, async () => 1),
    ]);
    await h.send("t/s", {}, "once");
    await h.waitForRun("short");
    expect(h.executor.prune(Date.now() + 3_600_000)).toEqual({ events: 0, runs: 0 });
    const pruned = h.executor.prune(Date.now() + 8 * 86_400_000);
    expect(pruned.runs).toBe(1);
    expect(pruned.events).toBeGreaterThanOrEqual(2);
    await h.send("t/s", {}, "once");
    await h.waitForRun("short");
  });
});

describe("embedded executor: run controls", () => {
  it("cancels a sleeping run on request; nothing after the sleep runs", async () => {
    let after = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "stoppable", triggers: [{ event: "t/stop" }] }, async ({ step }) => {
        await step.sleep("wait", "500ms");
        await step.run("after", () => ++after);
      }),
    ]);
    await h.send("t/stop");
    const run = await h.waitForRun("stoppable", (r) => r.status === "running");
    expect(h.executor.cancel(run.id)).toBe(true);
    expect(h.executor.cancel(run.id)).toBe(false);
    // Once the call in flight (if any) has ended, nothing is left to wake the run: no job of it, even one due later.
    await waitUntilQuiet(h.executor);
    await vi.waitFor(() =>
      expect(h!.executor.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?`).get(run.id)).toEqual({ n: 0 }),
    );
    expect(h.executor.getRun(run.id)?.status).toBe("cancelled");
    expect(after).toBe(0);
  });
});

describe("embedded executor: start-up guards", () => {
  it("refuses a second live executor on the same database, and a busy port", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "solo", triggers: [{ event: "t/solo" }] }, async () => 1),
    ]);
    const { spawnSync } = await import("node:child_process");
    const script = `
      const { Executor } = require("./server/executor/executor.ts");
      const e = new Executor({ dbFile: ${JSON.stringify(h.dbFile)}, appUrl: "http://127.0.0.1:9/", signingKey: "signkey-local-00", eventKey: "k" });
      e.start().then(() => process.exit(0), (err) => { console.error(err.message); process.exit(3); });`;
    const other = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
      cwd: process.cwd(),
      encoding: "utf8",
    });
    expect(other.status).toBe(3);
    expect(other.stderr).toMatch(/Another executor \(pid \d+\) is using/);

    const { mkdtempSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const port = Number(new URL(h.executor.url).port);
    const clash = new Executor({
      dbFile: path.join(mkdtempSync(path.join(os.tmpdir(), "lap-exec-")), "e.db"),
      appUrl: h.appUrl,
      signingKey: h.signingKey,
      eventKey: "k",
      port,
    });
    await expect(clash.start()).rejects.toMatchObject({ code: "EADDRINUSE" });
    await clash.stop();
  });
});
