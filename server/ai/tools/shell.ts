import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "@/lib/tools/types";

const MAX_OUTPUT_BYTES = 64 * 1024;

export interface ShellResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs one command with /bin/sh in the workspace. The environment is rebuilt from scratch
 * (PATH, HOME, LANG): the server's own variables (vault key, auth secret) never reach it. The
 * command gets its own process group so a timeout kills everything it started.
 */
export function runShell(
  command: string,
  opts: { cwd: string; timeoutMs: number; signal?: AbortSignal; runAs?: { uid: number; gid: number } },
): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: opts.cwd,
      ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
      // The project's ProcessEnv type requires its own variables; this child must get none of them.
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: opts.cwd, LANG: "C.UTF-8" } as unknown as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = { stdout: "", stderr: "" };
    const collect = (key: "stdout" | "stderr") => (chunk: Buffer) => {
      if (out[key].length < MAX_OUTPUT_BYTES)
        out[key] += chunk.toString("utf8").slice(0, MAX_OUTPUT_BYTES - out[key].length);
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    opts.signal?.addEventListener("abort", kill, { once: true });
    child.on("close", (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", kill);
      const cut = (s: string) => (s.length >= MAX_OUTPUT_BYTES ? `${s}\n[output cut at 64 KB]` : s);
      resolve({ exitCode: code, stdout: cut(out.stdout), stderr: cut(out.stderr), timedOut });
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout: "", stderr: err.message, timedOut: false });
    });
  });
}

/** "nobody" on Debian and most Linux systems: owns nothing, so it can read nothing private. */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

/**
 * Where and as whom a command runs (issue 22, finding 5). Not in the data folder: its scratch
 * folder lies outside it, so a command cannot read the database, the keys or other users'
 * uploads by path. When the server runs as root (a container), the command runs as "nobody",
 * which cannot enter the 700 data folder either. What remains possible is documented in
 * docs/security.md: anything that user can do on this machine and its network.
 */
export function shellSandbox(userId: string): { cwd: string; runAs?: { uid: number; gid: number } } {
  const asRoot = process.getuid?.() === 0;
  const root = path.join(os.tmpdir(), "lap-shell");
  const cwd = path.join(root, userId.replace(/[^\w-]/g, "_"));
  mkdirSync(cwd, { recursive: true, mode: 0o700 });
  // Traversable, not listable: each user's folder is reachable only by its own name.
  chmodSync(root, 0o711);
  if (!asRoot) return { cwd };
  chownSync(cwd, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  return { cwd, runAs: UNPRIVILEGED };
}

export const shell = defineTool({
  name: "shell",
  description:
    "Run a shell command (/bin/sh) in a scratch folder of its own (not the workspace; files written there stay between calls). Output is capped at 64 KB; the command is killed at the tool timeout.",
  inputSchema: z.strictObject({ command: z.string().trim().min(1).max(4000) }),
  risk: "shell",
  needsApproval: true,
  async execute(input, ctx) {
    const result = await runShell(input.command, {
      ...shellSandbox(ctx.userId),
      timeoutMs: ctx.limits.timeoutMs,
      signal: ctx.signal,
    });
    return { ...result };
  },
});
