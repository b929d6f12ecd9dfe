import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/next";
import { TaskLedgerMiddleware } from "@/inngest/middleware/task-ledger";
import { Executor } from "@/server/executor/executor";
import { newSigningKey } from "@/server/executor/signing";
import { serveHandlers } from "./http-server";

/** The real SDK with the Task ledger middleware, served on a loopback port and run by the embedded executor. */
export async function startLedgerHarness(checkpointing: boolean, define: (client: Inngest) => InngestFunction.Any[]) {
  const signingKey = newSigningKey();
  let handler: (req: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const app = await serveHandlers({ "/api/inngest": (req) => handler(req) });
  const executor = new Executor({
    dbFile: path.join(mkdtempSync(path.join(os.tmpdir(), "lap-ledger-")), "executor.db"),
    appUrl: `${app.url}/api/inngest`,
    signingKey,
    eventKey: "ledger-key",
    backoffBaseMs: 20,
    checkpointing,
  });
  await executor.start();
  const client = new Inngest({
    id: "ledger-test",
    isDev: false,
    baseUrl: executor.url,
    signingKey,
    eventKey: "ledger-key",
    middleware: [TaskLedgerMiddleware],
    logger: { info() {}, warn() {}, error() {}, debug() {} },
  });
  const handlers = serve({ client, functions: define(client) });
  handler = (req) =>
    (handlers[req.method as "GET" | "POST" | "PUT"] as (r: Request, c: unknown) => Promise<Response>)(req, undefined);
  await executor.sync();
  return {
    client,
    executor,
    send: async (name: string, data: Record<string, unknown>) => void (await client.send({ name, data })),
    close: async () => {
      await executor.stop(1_000);
      await app.close();
    },
  };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
