import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error: plain ESM script without types
import { runPrisma } from "../../scripts/prisma.mjs";

/**
 * The real app as users run it: `next start` on the production build in .next/, on a port of
 * its own, with its own DATA_DIR (migrated first), and a reading of the server's CPU time.
 */
export interface RunningApp {
  url: string;
  pid: number;
  /** CPU time of the server process and its children, in nanoseconds (scheduler accounting). */
  cpuNs: () => number;
  stop: () => Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return out;
}

/** Sum of every thread's on-CPU time (ns) in a process: /proc/PID/task/TID/schedstat's first field. */
function processCpuNs(pid: number): number {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended while the list was read.
      }
    }
  } catch {
    return 0;
  }
  return total;
}

export async function startApp(opts: {
  dataDir: string;
  port: number;
  executorPort: number;
  log: (m: string) => void;
  profileDir?: string;
}): Promise<RunningApp> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("There is no production build: run `npx next build` first.");
  const env = {
    ...process.env,
    DATA_DIR: opts.dataDir,
    DATABASE_URL: undefined,
    NODE_ENV: "production" as const,
    NEXTAUTH_URL: `http://127.0.0.1:${opts.port}`,
    LOG_STDOUT: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(opts.port),
    EXECUTOR_PORT: String(opts.executorPort),
  };
  runPrisma(["migrate", "deploy"], { quiet: true, env });
  // A V8 CPU profile of the server, written when it stops (--profile): where its time per token goes.
  const profile = opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...profile,
      path.join(root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(opts.port),
    ],
    {
      cwd: root,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${url}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`next start did not answer on ${url} within 90 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  opts.log(`app up on ${url} (pid ${child.pid})`);
  const pid = child.pid!;
  return {
    url,
    pid,
    cpuNs: () => [pid, ...children(pid)].reduce((sum, p) => sum + processCpuNs(p), 0),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
