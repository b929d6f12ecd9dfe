import { logger, flushLogs, setMinLogLevel } from "@/server/logger";
import { purgeOldLogs } from "@/server/logs/purge";
import { getSettings } from "@/server/settings/settings";
import { getAuthSecret, getVaultKey } from "@/server/runtime/generated-secrets";
import { startEmbeddedExecutor } from "@/server/executor/runtime";
import { seedBuiltinJobs } from "@/server/automation/seed";
import { seedBuiltinAgents } from "@/server/agents/builtin";
import { seedBuiltinTeams } from "@/server/teams/builtin";
import { announceSetupCode } from "@/server/auth/setup-code";
import { stampPeerAddresses } from "@/server/runtime/peer-address";
import { countUsers } from "@/server/users/users";

/**
 * Runs once when the server process starts (instrumentation.ts): creates the generated secrets,
 * applies the stored log level, enforces log retention, and flushes logs on shutdown.
 * It also starts the embedded Inngest executor (unless a real Inngest server is configured).
 * Later issues add the file watcher, metrics sampler and mail sync here.
 */
export async function startServerRuntime(): Promise<void> {
  // Backups, uploads and generated files are this user's only (700 folders, 600 files), also
  // when the server is started without the launcher (which sets the same umask).
  process.umask(0o077);
  stampPeerAddresses();
  getAuthSecret();
  getVaultKey();
  const settings = await getSettings();
  setMinLogLevel(settings.system.logLevel);
  const { deleted } = await purgeOldLogs({ days: settings.system.retentionDays });
  logger.info("runtime", "server started", {
    node: process.version,
    pid: process.pid,
    retentionDays: settings.system.retentionDays,
    purgedLogEntries: deleted,
  });

  if ((await countUsers()) === 0) announceSetupCode();

  // A failed seed must not keep the app from starting; the next start tries again.
  await seedBuiltinAgents().catch((err: unknown) =>
    logger.error("agents", "seeding the built-in agents failed", { error: err as Error }),
  );
  // After the agents: the built-in team is their Planner and Executor.
  await seedBuiltinTeams().catch((err: unknown) =>
    logger.error("teams", "seeding the built-in team failed", { error: err as Error }),
  );

  await seedBuiltinJobs().catch((err: unknown) =>
    logger.error("automation", "seeding the built-in jobs failed", { error: err as Error }),
  );
  const executor = await startEmbeddedExecutor();
  // Not awaited: watching and the start-up scan of large folders must not delay the app.
  const watcher = import("@/server/knowledge/watch/manager")
    .then((m) => m.startWatchedFolders())
    .catch((err: unknown) => {
      logger.error("knowledge", "the folder watchers could not start", { error: err as Error });
      return null;
    });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info("runtime", `stopping on ${signal}`);
    void Promise.all([
      Promise.resolve(executor?.stop()).catch((err: unknown) =>
        logger.error("executor", "stop failed", { error: (err as Error).message }),
      ),
      watcher
        .then((w) => w?.stop())
        .catch((err: unknown) =>
          logger.error("knowledge", "stopping the folder watchers failed", { error: (err as Error).message }),
        ),
    ]).finally(() => void flushLogs().finally(() => process.exit(0)));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
