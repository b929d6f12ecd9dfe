import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/next";
import { Executor, type ExecutorOptions } from "@/server/executor/executor";
import { newSigningKey } from "@/server/executor/signing";
import type { RunRow } from "@/server/executor/store";
import { serveHandlers } from "./http-server";

/**
 * A real Inngest client and functions served with the SDK's Next adapter on a loopback port,
 * driven by an embedded executor in signed (cloud) mode on its own temp database.
 */
export interface Harness {
  client: Inngest;
  executor: Executor;
  appUrl: string;
  dbFile: string;
  signingKey: string;
  eventKey: string;
  send: (name: string, data?: Record<string, unknown>, id?: string) => Promise<string>;
  waitForRun: (functionId: string, predicate?: (r: RunRow) => boolean, timeoutMs?: number) => Promise<RunRow>;
  restartExecutor: (options?: Partial<ExecutorOptions>) => Promise<void>;
  close: () => Promise<void>;
}

type AnyFunction = InngestFunction.Any;

export async function startHarness(
  define: (client: Inngest) => AnyFunction[],
  options: Partial<ExecutorOptions> & { appId?: string; dbFile?: string } = {},
): Promise<Harness> {
  const dbFile = options.dbFile ?? path.join(mkdtempSync(path.join(os.tmpdir(), "lap-exec-")), "executor.db");
  const signingKey = options.signingKey ?? newSigningKey();
  const eventKey = options.eventKey ?? "test-event-key";
  let handler: (req: Request) => Promise<Response> = async () => new Response("not ready", { status: 503 });
  const app = await serveHandlers({ "/api/inngest": (req) => handler(req) });
  const appUrl = `${app.url}/api/inngest`;
  const base = { dbFile, appUrl, signingKey, eventKey, backoffBaseMs: 20, ...options };
  let executor = new Executor(base);
  await executor.start();
  const port = Number(new URL(executor.url).port);
  const client = new Inngest({
    id: options.appId ?? "test-app",
    isDev: false,
    baseUrl: executor.url,
    signingKey,
    eventKey,
    checkpointing: options.checkpointing ?? true,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  });
  const { GET, POST, PUT } = serve({ client, functions: define(client) });
  handler = (req) => {
    const method = req.method as "GET" | "POST" | "PUT";
    const fn = { GET, POST, PUT }[method];
    return fn ? fn(req as never, undefined as never) : Promise.resolve(new Response(null, { status: 405 }));
  };
  await executor.sync();

  const harness: Harness = {
    client,
    get executor() {
      return executor;
    },
    appUrl,
    dbFile,
    signingKey,
    eventKey,
    async send(name, data = {}, id) {
      const res = await client.send({ name, data, ...(id ? { id } : {}) });
      return res.ids[0]!;
    },
    async waitForRun(
      functionId,
      predicate = (r) => ["completed", "failed", "cancelled"].includes(r.status),
      timeoutMs = 15_000,
    ) {
      const id =
        functionId.includes("-") && functionId.startsWith(client.id) ? functionId : `${client.id}-${functionId}`;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = executor.runs(id).find(predicate);
        if (run) return run;
        if (Date.now() > deadline)
          throw new Error(
            `No run of ${id} matched within ${timeoutMs} ms: ${JSON.stringify(executor.runs(id).map((r) => r.status))}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async restartExecutor(more = {}) {
      await executor.stop();
      executor = new Executor({ ...base, port, ...more });
      await executor.start();
      await executor.sync();
    },
    async close() {
      await executor.stop(1_000);
      await app.close();
    },
  };
  return harness;
}

export function parsed(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
