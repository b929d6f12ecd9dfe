import { statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHandlers } from "@/tests/support/http-server";

/**
 * The real wiring: app/api/inngest/route.ts with inngest/index.ts's functions, driven by the
 * executor that server/executor/runtime.ts starts. Ports are chosen before server/env loads.
 */
type Handler = (req: Request, ctx: unknown) => Promise<Response>;
let route: Record<"GET" | "POST" | "PUT", Handler>;
let app: { url: string; close: () => Promise<void> };

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  let handler: Handler = async () => new Response(null, { status: 503 });
  app = await serveHandlers({ "/api/inngest": (req) => handler(req, undefined) });
  process.env.PORT = new URL(app.url).port;
  process.env.EXECUTOR_PORT = String(await freePort());
  route = (await import("@/app/api/inngest/route")) as unknown as typeof route;
  handler = (req, ctx) => route[req.method as "GET"](req, ctx);
});
afterAll(async () => {
  await app.close();
});

describe("/api/inngest and the runtime executor", () => {
  it.each(["GET", "POST", "PUT"] as const)("answers an anonymous %s with 401", async (method) => {
    const res = await route[method](
      new Request("http://localhost/api/inngest?fnId=x&stepId=step", {
        method,
        body: method === "GET" ? undefined : "{}",
      }),
      undefined,
    );
    expect(res.status).toBe(401);
  });

  it("runs the app's functions through the embedded executor with generated keys", async () => {
    const { startEmbeddedExecutor } = await import("@/server/executor/runtime");
    const { inngest } = await import("@/inngest/client");
    const { events } = await import("@/inngest/events");
    const { embeddedKeys } = await import("@/server/executor/config");
    const { redactString } = await import("@/lib/redact");
    const { env } = await import("@/server/env");
    const executor = await startEmbeddedExecutor();
    expect(executor).not.toBeNull();
    try {
      const { signingKey } = embeddedKeys();
      expect(signingKey).toMatch(/^signkey-local-[0-9a-f]{64}$/);
      expect(statSync(path.join(env.DATA_DIR, "keys", "inngest-signing-key")).mode & 0o777).toBe(0o600);
      expect(redactString(`key ${signingKey}`)).not.toContain(signingKey);
      await executor!.synced;
      await inngest.send(events.executorPing.create({ note: "hi" }));
      const deadline = Date.now() + 15_000;
      let run = executor!.runs("local-agent-platform-executor-ping")[0];
      while (run?.status !== "completed" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        run = executor!.runs("local-agent-platform-executor-ping")[0];
      }
      expect(run?.status).toBe("completed");
      expect(JSON.parse(run!.output!)).toEqual({ pong: true, note: "hi" });
    } finally {
      await executor!.stop();
    }
  });
});
