import { spawn } from "node:child_process";
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
  opts: { cwd: string; timeoutMs: number; signal?: AbortSignal },
): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: opts.cwd,
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

export const shell = defineTool({
  name: "shell",
  description:
    "Run a shell command (/bin/sh) in the workspace folder. Output is capped at 64 KB; the command is killed at the tool timeout.",
  inputSchema: z.strictObject({ command: z.string().trim().min(1).max(4000) }),
  risk: "shell",
  needsApproval: true,
  async execute(input, ctx) {
    const result = await runShell(input.command, {
      cwd: ctx.workspaceDir,
      timeoutMs: ctx.limits.timeoutMs,
      signal: ctx.signal,
    });
    return { ...result };
  },
});
