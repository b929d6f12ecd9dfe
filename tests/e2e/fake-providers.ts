import { spawn } from "node:child_process";
import { freePort } from "../support/free-port";

export { freePort };

export interface FakeProviders {
  ollamaUrl: string;
  /** The OpenAI-compatible base URL (ending in /v1), when asked for. */
  openaiUrl: string | null;
  stop(): void;
}

/**
 * The Ollama (and optionally OpenAI-compatible) test servers as their own process
 * (tests/support/fake-providers-cli.ts), scripted over their control routes.
 */
export async function startFakeProviders(opts: { openai?: boolean; pullStepMs?: number } = {}): Promise<FakeProviders> {
  const ollamaPort = await freePort();
  const openaiPort = opts.openai ? await freePort() : null;
  const args = ["tsx", "tests/support/fake-providers-cli.ts", "--ollama-port", String(ollamaPort)];
  if (openaiPort) args.push("--openai-port", String(openaiPort));
  if (opts.pullStepMs) args.push("--pull-step-ms", String(opts.pullStepMs));
  // Its own process group, so stopping it stops npx, tsx and the servers together.
  const child = spawn("npx", args, { stdio: ["ignore", "pipe", "inherit"], detached: true });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`test server exited with ${code}`)));
  });
  return {
    ollamaUrl: `http://127.0.0.1:${ollamaPort}`,
    openaiUrl: openaiPort ? `http://127.0.0.1:${openaiPort}/v1` : null,
    stop: () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    },
  };
}
