import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench -- NAME [args]` runs bench/NAME.ts in a child Node process with the
 * react-server condition (so modules that `import "server-only"` load, as under Next) and tsx
 * for TypeScript and the `@/` paths. The benchmark's last output line is its JSON result.
 */
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith(".test.ts"))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  const what = name ? `There is no benchmark called "${name}".` : "Say which benchmark to run.";
  console.error(`${what}\nUsage: npm run bench -- NAME\nAvailable benchmarks: ${available.join(", ") || "(none)"}`);
  process.exit(2);
}

const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(benchDir, `${name}.ts`), ...args],
  { cwd: root, stdio: "inherit", env: { ...process.env, LOG_STDOUT: "0" } },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
