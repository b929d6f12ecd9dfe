import { statfs } from "node:fs/promises";
import { getProviderConfig, type ProviderConfig } from "@/server/ai/provider-config";
import { raiseAlert } from "@/server/alerts/alerts";
import { type ConnectionTarget, testConnection } from "@/server/providers/connection-test";
import { HEALTH_KEY, writeState } from "@/server/automation/runtime-state";
import { pingDatabase } from "@/server/automation/store/maintenance";
import type { BuiltinContext } from "@/server/automation/builtins/context";

export interface HealthCheckItem {
  name: string;
  ok: boolean;
  message: string;
  latencyMs?: number | null;
}

export interface HealthReport {
  at: string;
  ok: boolean;
  checks: HealthCheckItem[];
}

/** The providers a user has set up: Ollama unless switched off, OpenRouter with a key, each endpoint. */
function targetsOf(config: ProviderConfig): ConnectionTarget[] {
  const targets: ConnectionTarget[] = [];
  if (config.ollamaEnabled !== false) targets.push({ provider: "ollama" });
  if (config.openrouter.apiKey) targets.push({ provider: "openrouter" });
  for (const e of config.endpoints) targets.push({ provider: "compat", endpointId: e.id });
  return targets;
}

async function diskCheck(dataDir: string, minFreeMb: number): Promise<HealthCheckItem> {
  const s = await statfs(dataDir);
  const freeMb = Math.round((Number(s.bavail) * Number(s.bsize)) / 1024 / 1024);
  const ok = freeMb >= minFreeMb;
  return {
    name: "Disk",
    ok,
    message: `${freeMb.toLocaleString("en-US")} MB free in the data directory${ok ? "" : ` (below ${minFreeMb} MB)`}.`,
  };
}

async function databaseCheck(): Promise<HealthCheckItem> {
  const started = performance.now();
  try {
    await pingDatabase();
    const latencyMs = Math.round(performance.now() - started);
    return { name: "Database", ok: true, message: `The database answered in ${latencyMs} ms.`, latencyMs };
  } catch (err) {
    return { name: "Database", ok: false, message: `The database did not answer: ${(err as Error).message}` };
  }
}

/**
 * Providers, database and disk: the report is stored (RuntimeState "health.last", read by the
 * Automation page) and each failing check raises an alert, which stays one open alert while the
 * problem lasts.
 */
export async function runHealthCheck(
  params: { timeoutMs: number; minFreeDiskMb: number },
  ctx: BuiltinContext,
  opts: { config?: ProviderConfig } = {},
): Promise<HealthReport> {
  const checks: HealthCheckItem[] = [];
  await ctx.progress(5, "Checking the database");
  checks.push(await databaseCheck());
  checks.push(await diskCheck(ctx.dataDir, params.minFreeDiskMb));
  const config = opts.config ?? (await getProviderConfig());
  const targets = targetsOf(config);
  for (const [i, target] of targets.entries()) {
    await ctx.progress(
      20 + Math.round((70 * i) / Math.max(1, targets.length)),
      `Testing provider ${i + 1} of ${targets.length}`,
    );
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(params.timeoutMs)]);
    const r = await testConnection(target, { config, signal });
    checks.push({ name: r.label, ok: r.ok, message: r.message, latencyMs: r.latencyMs });
  }
  const report: HealthReport = { at: new Date().toISOString(), ok: checks.every((c) => c.ok), checks };
  await writeState(HEALTH_KEY, report);
  for (const c of checks.filter((x) => !x.ok)) {
    await raiseAlert({
      level: c.name === "Database" ? "critical" : c.name === "Disk" ? "error" : "warning",
      source: "health_check",
      title: `${c.name} is not healthy`,
      message: c.message,
    });
  }
  await ctx.progress(100, report.ok ? "Everything is healthy" : `${checks.filter((c) => !c.ok).length} checks failed`);
  return report;
}
