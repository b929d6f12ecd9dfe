import { describe, expect, it } from "vitest";
import { runSandboxedJs } from "@/server/ai/tools/code-run";

describe("code_run sandbox", () => {
  it("returns stdout and the last expression's value", async () => {
    const out = await runSandboxedJs(
      'console.log("hi", 1 + 1, { a: [1] }); const xs = [3, 1, 2].sort(); xs.map((x) => x * 10)',
      5000,
    );
    expect(out).toEqual({ ok: true, stdout: 'hi 2 {"a":[1]}\n', result: [10, 20, 30] });
  });

  it("settles async code and reports thrown errors", async () => {
    expect(await runSandboxedJs("(async () => 6 * 7)()", 5000)).toMatchObject({ ok: true, result: 42 });
    expect(await runSandboxedJs('throw new TypeError("bad thing")', 5000)).toMatchObject({
      ok: false,
      error: "TypeError: bad thing",
    });
    expect(await runSandboxedJs("Promise.reject(new Error('nope'))", 5000)).toMatchObject({
      ok: false,
      error: "Error: nope",
    });
    expect(await runSandboxedJs("let x = ;", 5000)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/SyntaxError/),
    });
  });

  it("stops an infinite loop at the time limit", async () => {
    const out = await runSandboxedJs("while (true) {}", 500);
    expect(out).toMatchObject({ ok: false, error: expect.stringMatching(/time limit/) });
  });

  it("stops memory bombs (at the memory cap, or at the deadline when the VM thrashes near it)", async () => {
    expect(await runSandboxedJs("const a = []; while (true) a.push(new Array(100000).fill(1));", 2000)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/memory limit|time limit/),
    });
    expect(await runSandboxedJs("let s = 'x'; while (true) s += s;", 2000)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/string too long|memory limit/),
    });
  });

  it("stops a builtin that never yields (a huge String.repeat near the memory cap) by killing the thread, without blocking the server", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const out = await runSandboxedJs("const a = []; while (true) a.push('x'.repeat(1 << 20) + a.length);", 1000);
    clearInterval(timer);
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/limit/);
    // The event loop kept turning while the sandbox ran.
    expect(ticks).toBeGreaterThan(5);
  });

  it("stops when the run is cancelled", async () => {
    const controller = new AbortController();
    const pending = runSandboxedJs("while (true) {}", 10_000, controller.signal);
    // The cancel must land mid-run (the sandbox signals no "started"): 200 ms is well past its start-up.
    setTimeout(() => controller.abort(), 200);
    expect(await pending).toMatchObject({ ok: false, error: expect.stringMatching(/cancelled/) });
  });

  it("survives deep recursion", async () => {
    const out = await runSandboxedJs("function f(n) { return f(n + 1) } f(0)", 5000);
    expect(out.ok).toBe(false);
  });

  it("has no file system, network, process or timers", async () => {
    const out = await runSandboxedJs(
      "[typeof require, typeof process, typeof fetch, typeof setTimeout, typeof XMLHttpRequest, typeof globalThis.std, typeof globalThis.os]",
      5000,
    );
    expect(out.result).toEqual(Array(7).fill("undefined"));
    expect(await runSandboxedJs("import('fs')", 5000)).toMatchObject({ ok: false });
  });

  it("caps console output", async () => {
    const out = await runSandboxedJs(
      "for (let i = 0; i < 3000; i++) console.log('line ' + i + ' ' + 'x'.repeat(40))",
      8000,
    );
    expect(out.stdout.length).toBeLessThan(70 * 1024);
    expect(out.stdout).toMatch(/output cut at 64 KB/);
  });
});
