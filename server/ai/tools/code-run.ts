import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { SANDBOX_WORKER_SOURCE } from "@/server/ai/tools/code-sandbox-worker-source";
import { sandboxSlots } from "@/server/ai/tools/sandbox-slots";
import { defineTool } from "@/lib/tools/types";

const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/** The worker's own V8 heap (the VM's memory is the WebAssembly buffer, capped above). */
const WORKER_HEAP_MB = 48;
const STACK_LIMIT_BYTES = 512 * 1024;
const MAX_TIME_MS = 10_000;
const MAX_STDOUT_BYTES = 64 * 1024;
/** Past the VM's own deadline, how long before the thread is killed (a builtin that never yields). */
const KILL_GRACE_MS = 1000;

export interface CodeRunResult {
  ok: boolean;
  stdout: string;
  result?: unknown;
  error?: string;
}

/** Resolved at run time from the app folder, so the bundler never rewrites it. */
function quickjsModulePath(): string {
  return createRequire(path.join(process.cwd(), "package.json")).resolve("quickjs-emscripten");
}

/**
 * Runs JavaScript in a fresh QuickJS WebAssembly VM on its own worker thread: no require, no
 * fs, no network, no timers, only a console that collects output. The VM caps memory and stack
 * and interrupts itself at the deadline; a builtin that runs long without yielding (a huge
 * String.repeat near the memory cap) is stopped by terminating the thread, so the server's
 * event loop is never blocked.
 */
export function runSandboxedJs(code: string, timeLimitMs: number, signal?: AbortSignal): Promise<CodeRunResult> {
  const limit = Math.min(timeLimitMs, MAX_TIME_MS);
  return new Promise<CodeRunResult>((resolve) => {
    const worker = new Worker(SANDBOX_WORKER_SOURCE, {
      eval: true,
      workerData: {
        code,
        modulePath: quickjsModulePath(),
        timeLimitMs: limit,
        memoryBytes: MEMORY_LIMIT_BYTES,
        stackBytes: STACK_LIMIT_BYTES,
        maxStdoutBytes: MAX_STDOUT_BYTES,
      },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    let settled = false;
    const finish = (result: CodeRunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(killer);
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      resolve(result);
    };
    const onAbort = () => finish({ ok: false, stdout: "", error: "Stopped: the run was cancelled." });
    const killer = setTimeout(
      () => finish({ ok: false, stdout: "", error: "Stopped: the code ran past its time limit." }),
      limit + KILL_GRACE_MS,
    );
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (msg: CodeRunResult) => finish(msg));
    worker.once("error", (err) =>
      finish({
        ok: false,
        stdout: "",
        error: /memory/i.test(err.message)
          ? "Stopped: the code used more than the memory limit."
          : `The sandbox failed: ${err.message}`,
      }),
    );
    worker.once("exit", () => finish({ ok: false, stdout: "", error: "The sandbox stopped without an answer." }));
  });
}

export const codeRun = defineTool({
  name: "code_run",
  description:
    "Run JavaScript in a sandbox (no files, no network, no timers; 32 MB memory, up to 10 s). console.log output and the value of the last expression are returned.",
  inputSchema: z.strictObject({
    code: z.string().min(1).max(100_000).describe("JavaScript source; the last expression's value is the result."),
  }),
  risk: "code",
  needsApproval: false,
  async execute(input, ctx) {
    const release = await sandboxSlots.acquire(ctx.userId, ctx.signal);
    try {
      return { ...(await runSandboxedJs(input.code, ctx.limits.timeoutMs, ctx.signal)) };
    } finally {
      release();
    }
  },
});
