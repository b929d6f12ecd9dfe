import { describe, expect, it } from "vitest";
import type { ToolContext } from "@/lib/tools/types";
import { codeRun } from "@/server/ai/tools/code-run";
import { SandboxSlots, sandboxSlots } from "@/server/ai/tools/sandbox-slots";

/**
 * Issue 22, finding 10: code_run had no concurrency cap; 12 parallel runs took the server from
 * 607 MB to 1,994 MB. Runs now wait for one of 4 slots (2 per user), and past a line of 16 are
 * refused with a sentence.
 */
const ctxFor = (userId: string, signal = new AbortController().signal): ToolContext => ({
  userId,
  signal,
  workspaceDir: "/nonexistent",
  limits: { timeoutMs: 10_000, maxOutputBytes: 65536, allowedHosts: [], searchUrl: "http://127.0.0.1:9/" },
});
const busy = "let i = 0; while (i < 3e6) i++; i";
const run = (userId: string) => codeRun.execute(codeRun.inputSchema.parse({ code: busy }), ctxFor(userId));

describe("code_run concurrency", () => {
  it("runs at most 4 sandboxes at once and 2 per user; every run still finishes", async () => {
    sandboxSlots.peak = 0;
    const runs = [...Array.from({ length: 8 }, () => run("alice")), ...Array.from({ length: 4 }, () => run("bob"))];
    const results = (await Promise.all(runs)) as { ok: boolean; result?: unknown }[];
    expect(results.every((r) => r.ok && r.result === 3e6)).toBe(true);
    expect(sandboxSlots.peak).toBeLessThanOrEqual(4);
    expect(sandboxSlots.peak).toBeGreaterThan(1);
    expect(sandboxSlots.active).toBe(0);
  }, 60_000);

  it("keeps one user to their share and refuses past the line with a sentence", async () => {
    const slots = new SandboxSlots({ global: 3, perUser: 2, queue: 1 });
    const a1 = await slots.acquire("a");
    const a2 = await slots.acquire("a");
    let a3Started = false;
    const a3 = slots.acquire("a").then((release) => {
      a3Started = true;
      return release;
    });
    // b gets the third slot although a asked first: a is at its share.
    const b1 = await slots.acquire("b");
    expect(slots.active).toBe(3);
    expect(a3Started).toBe(false);
    await expect(slots.acquire("c")).rejects.toThrow(/sandbox is busy \(3 runs going, 1 waiting\)/);
    a1();
    const a3Release = await a3;
    expect(a3Started).toBe(true);
    for (const release of [a2, a3Release, b1]) release();
    expect(slots.active).toBe(0);
  });

  it("drops a waiting run that is cancelled", async () => {
    const slots = new SandboxSlots({ global: 1, perUser: 1, queue: 4 });
    const first = await slots.acquire("a");
    const controller = new AbortController();
    const waiting = slots.acquire("b", controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/cancelled while it waited/);
    first();
    expect(slots.active).toBe(0);
  });
});
