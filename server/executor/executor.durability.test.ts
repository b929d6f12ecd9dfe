import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { afterAll, describe, expect, it } from "vitest";
import { newSigningKey } from "@/server/executor/signing";
import { serveHandlers } from "@/tests/support/http-server";

const root = path.resolve(__dirname, "../..");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

function startChild(config: object): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "tests/support/inngest-executor-child.ts"), JSON.stringify(config)],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`executor child exited (${code}): ${err}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("embedded executor: durability", () => {
  it.each([
    ["checkpointing", true],
    ["a call per step", false],
  ])(
    "finishes a run after SIGKILL during a sleep, a wait and a running step, without re-running memoised steps (%s)",
    async (_mode, checkpointing) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "lap-durable-"));
      const dbFile = path.join(dir, "executor.db");
      const signingKey = newSigningKey();
      const eventKey = "durable-key";
      const port = await freePort();
      const counts = { a: 0, b: 0, slow: 0, d: 0 };
      let slowRunning = false;

      const client = new Inngest({
        id: "durable-app",
        isDev: false,
        baseUrl: `http://127.0.0.1:${port}/`,
        signingKey,
        eventKey,
        checkpointing,
        logger: { info() {}, warn() {}, error() {}, debug() {} },
      });
      const fn = client.createFunction({ id: "durable", triggers: [{ event: "t/durable" }] }, async ({ step }) => {
        const a = await step.run("a", () => ++counts.a);
        await step.sleep("nap", "1500ms");
        const b = await step.run("b", () => ++counts.b);
        const go = await step.waitForEvent("go", { event: "t/go", timeout: "1m" });
        const slow = await step.run("slow", async () => {
          counts.slow++;
          slowRunning = true;
          // Simulated slow work: the step must still be running when the test kills the executor.
          await new Promise((r) => setTimeout(r, 1500));
          slowRunning = false;
          return "slow done";
        });
        const d = await step.run("d", () => ++counts.d);
        return { a, b, go: go?.data ?? null, slow, d };
      });
      const { GET, POST, PUT } = serve({ client, functions: [fn] });
      const methods = { GET, POST, PUT } as unknown as Record<string, (r: Request, c: unknown) => Promise<Response>>;
      const app = await serveHandlers({ "/api/inngest": (req) => methods[req.method]!(req, undefined) });
      const config = { dbFile, appUrl: `${app.url}/api/inngest`, signingKey, eventKey, port, checkpointing };
      const db = new Database(dbFile, { readonly: false, fileMustExist: false });
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

      try {
        let child = await startChild(config);
        await client.send({ name: "t/durable", data: {} });
        await until(() => counts.a === 1 && count(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'resume'`) === 1);
        await kill(child); // during the sleep

        child = await startChild(config);
        await until(() => count(`SELECT COUNT(*) AS n FROM waits WHERE kind = 'event'`) === 1);
        expect(counts.b).toBe(1);
        await kill(child); // during the wait

        child = await startChild(config);
        await client.send({ name: "t/go", data: { ok: true } });
        await until(() => slowRunning);
        await kill(child); // while a step runs

        child = await startChild(config);
        await until(() => count(`SELECT COUNT(*) AS n FROM runs WHERE status = 'completed'`) === 1);
        const run = db.prepare(`SELECT output FROM runs`).get() as { output: string };
        expect(JSON.parse(run.output)).toEqual({ a: 1, b: 1, go: { ok: true }, slow: "slow done", d: 1 });
        // Memoised steps ran once; the step that was running when the executor died ran again
        // (at-least-once, as on Inngest: its answer never reached a live executor).
        expect(counts).toEqual({ a: 1, b: 1, slow: 2, d: 1 });
        await kill(child);
      } finally {
        db.close();
        await app.close();
      }
    },
    90_000,
  );
});
