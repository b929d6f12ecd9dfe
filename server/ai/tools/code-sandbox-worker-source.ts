/**
 * The code of the worker thread that hosts the QuickJS VM, as a string for `new Worker(src,
 * { eval: true })`: no separate file for the bundler to lose. Plain CommonJS, run by Node as is.
 * It posts one message: { ok, stdout, result?, error? }.
 */
export const SANDBOX_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const { newQuickJSWASMModule, shouldInterruptAfterDeadline } = require(workerData.modulePath);
const MAX_STDOUT = workerData.maxStdoutBytes;

function describeError(dumped) {
  if (dumped && typeof dumped === "object" && "message" in dumped) {
    if (dumped.message === "interrupted") return "Stopped: the code ran past its time limit (an endless loop?).";
    if (/out of memory/i.test(dumped.message)) return "Stopped: the code used more than the memory limit.";
    return (dumped.name || "Error") + ": " + dumped.message;
  }
  return String(dumped);
}

function toJson(value) {
  try {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

(async () => {
  const QuickJS = await newQuickJSWASMModule();
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(workerData.memoryBytes);
  runtime.setMaxStackSize(workerData.stackBytes);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + workerData.timeLimitMs));
  const vm = runtime.newContext();
  let stdout = "";
  let full = false;
  const post = (msg) => parentPort.postMessage({ stdout, ...msg });
  const consoleObj = vm.newObject();
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    const fn = vm.newFunction(level, (...args) => {
      if (full) return;
      stdout += args.map((a) => { const v = vm.dump(a); return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)); }).join(" ") + "\n";
      if (stdout.length > MAX_STDOUT) { stdout = stdout.slice(0, MAX_STDOUT) + "\n[output cut at " + Math.round(MAX_STDOUT / 1024) + " KB]"; full = true; }
    });
    vm.setProp(consoleObj, level, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, "console", consoleObj);
  consoleObj.dispose();

  const evaluated = vm.evalCode(workerData.code, "code.js");
  if (evaluated.error) return post({ ok: false, error: describeError(vm.dump(evaluated.error)) });
  runtime.executePendingJobs();
  const state = vm.getPromiseState(evaluated.value);
  if (state.type === "pending") return post({ ok: false, error: "The code returned a promise that never settled (no timers or I/O exist in the sandbox)." });
  if (state.type === "rejected") return post({ ok: false, error: describeError(vm.dump(state.error)) });
  post({ ok: true, result: toJson(vm.dump(state.value)) });
  // The VM is not disposed: the thread ends and takes the whole WebAssembly instance with it.
})().catch((err) => parentPort.postMessage({ ok: false, stdout: "", error: "The sandbox failed: " + (err && err.message ? err.message : String(err)) }));
`;
