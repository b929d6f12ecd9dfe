import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runShell } from "@/server/ai/tools/shell";

let dir: string;

beforeAll(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "shell-tool-")));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe("shell tool", () => {
  it("runs in the workspace and reports exit code, stdout and stderr", async () => {
    const out = await runShell("pwd; echo oops >&2; exit 3", { cwd: dir, timeoutMs: 5000 });
    expect(out).toEqual({ exitCode: 3, stdout: `${dir}\n`, stderr: "oops\n", timedOut: false });
  });

  it("does not hand the server's secrets to the command", async () => {
    process.env.SECRETS_KEY_PROBE = "do-not-leak";
    const out = await runShell("env", { cwd: dir, timeoutMs: 5000 });
    delete process.env.SECRETS_KEY_PROBE;
    expect(out.stdout).not.toContain("do-not-leak");
    expect(out.stdout).not.toMatch(/DATA_DIR|DATABASE_URL|NEXTAUTH|SECRETS_KEY/);
  });

  it("kills the command and what it started at the timeout", async () => {
    const marker = path.join(dir, "survivor");
    const out = await runShell(`(sleep 2; touch ${marker}) & echo $!; sleep 30`, { cwd: dir, timeoutMs: 300 });
    expect(out.timedOut).toBe(true);
    // The background subshell that would touch the marker is gone (or a zombie): it can never touch it.
    const pid = Number(out.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    const gone = () =>
      fs.readFile(`/proc/${pid}/stat`, "utf8").then(
        (stat) => / Z /.test(stat.slice(stat.lastIndexOf(")"))),
        () => true,
      );
    await vi.waitFor(async () => expect(await gone()).toBe(true), { timeout: 1_500, interval: 20 });
    await expect(fs.stat(marker)).rejects.toThrow();
  });

  it("caps the output", async () => {
    const out = await runShell("yes 0123456789 | head -c 200000", { cwd: dir, timeoutMs: 5000 });
    expect(out.stdout.length).toBeLessThan(66 * 1024);
    expect(out.stdout).toMatch(/output cut at 64 KB\]$/);
  });
});
