import path from "node:path";
import { env } from "@/server/env";
import { logger } from "@/server/logger";
import { embeddedExecutorUrl, embeddedKeys, usesEmbeddedExecutor } from "./config";
import { Executor } from "./executor";
import { SyncError } from "./functions";

/**
 * Starts the embedded executor with the app (server/runtime/start.ts) unless a real Inngest
 * server is configured. The sync waits for the app to listen, so it runs in the background.
 */
// On globalThis: under Next the start-up code and the route handlers can load separate copies of
// this module, and both must see the one executor the process started.
const holder = globalThis as unknown as { __embeddedExecutor?: Executor | null };

/** The executor this process started, if any (for run controls such as cancel). */
export function embeddedExecutor(): Executor | null {
  return holder.__embeddedExecutor ?? null;
}

export async function startEmbeddedExecutor(): Promise<Executor | null> {
  if (!usesEmbeddedExecutor()) {
    logger.info("executor", "using a configured Inngest server; the embedded executor stays off");
    return null;
  }
  const { signingKey, eventKey } = embeddedKeys();
  let executor: Executor;
  try {
    executor = new Executor({
      dbFile: path.join(/*turbopackIgnore: true*/ env.DATA_DIR, "executor.db"),
      appUrl: `http://127.0.0.1:${env.PORT}/api/inngest`,
      signingKey,
      eventKey,
      port: env.EXECUTOR_PORT,
      resyncEveryMs: env.NODE_ENV === "development" ? 5_000 : 0,
      log: (level, message, data) => logger[level]("executor", message, data),
    });
    await executor.start();
  } catch (err) {
    // The app still serves pages; durable functions wait until the executor can start.
    const busy = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
    const message = busy
      ? `Port ${env.EXECUTOR_PORT} for the embedded executor is in use; set EXECUTOR_PORT to a free port.`
      : `The embedded executor could not start: ${(err as Error).message}`;
    logger.error("executor", message);
    return null;
  }
  holder.__embeddedExecutor = executor;
  logger.info("executor", "embedded executor started", { url: embeddedExecutorUrl() });
  void executor.syncWhenReady().catch((err: unknown) => {
    const message = err instanceof SyncError ? err.message : `sync stopped: ${(err as Error).message}`;
    logger.error("executor", message);
  });
  return executor;
}
