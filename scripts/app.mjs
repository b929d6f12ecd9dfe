#!/usr/bin/env node
// `npm run app`: from a fresh clone to a running server in one command. Each step runs only
// when its inputs changed since it last succeeded (stamps in node_modules/ and .next/).
// Flags: --dev (next dev with hot reload instead of a build), --no-build (start the last build).
// Plain Node on purpose: it must run before any dependency is installed.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Everything the app and its children create (database, backups, uploads) is readable by this
// user only: 700 folders, 600 files.
process.umask(0o077);
const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const noBuild = args.has("--no-build");

const INSTALL_STAMP = path.join(root, "node_modules", ".install-stamp");
const GENERATE_STAMP = path.join(root, "node_modules", ".prisma-generate-stamp");
const BUILD_STAMP = path.join(root, ".next", ".source-stamp");
// Not part of the server bundle: changing them needs no rebuild.
const NOT_BUILT = [/^tests\//, /^bench\//, /^\.ci\//, /^scripts\//, /\.test\.tsx?$/, /\.md$/];
const SKIP_DIRS = new Set([
  "node_modules",
  ".next",
  ".git",
  "data",
  "test-results",
  "playwright-report",
  "coverage",
  "tmp",
]);

class StepError extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

function say(line) {
  process.stdout.write(`\x1b[1m▸ ${line}\x1b[0m\n`);
}

function sha256(...parts) {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

function readStamp(file) {
  return existsSync(file) ? readFileSync(file, "utf8").trim() : null;
}

function run(cmd, cmdArgs, { step, hint, env }) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", env: env ?? process.env });
  if (r.error) throw new StepError(`${step}: could not run ${cmd} (${r.error.message}).`, hint);
  if (r.status !== 0)
    throw new StepError(`${step} failed (${cmd} ${cmdArgs.join(" ")} exited with ${r.status ?? r.signal}).`, hint);
}

/** `.env.local` then `.env`, as Next reads them; variables already set win. */
function loadEnvFiles() {
  for (const name of [".env.local", ".env"]) {
    const file = path.join(root, name);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (!m || m[2] === "" || process.env[m[1]] !== undefined) continue;
      process.env[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
    }
  }
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 9)) {
    throw new StepError(
      `Node ${process.versions.node} is too old.`,
      "Install Node.js 20.9 or newer (https://nodejs.org) and run the command again.",
    );
  }
}

/** npm ci when node_modules is missing or package-lock.json changed since the last install. */
function installDependencies() {
  const lockFile = path.join(root, "package-lock.json");
  const lockHash = sha256(readFileSync(lockFile));
  const stamp = readStamp(INSTALL_STAMP);
  if (stamp === lockHash) return;
  // `npm start` starts what is there: an install it began and someone interrupted would leave
  // node_modules half-written, so only `npm run app` (and `npm run dev`) install.
  if (noBuild) {
    if (existsSync(path.join(root, "node_modules", ".bin", "next"))) return;
    throw new StepError(
      "The dependencies are not installed.",
      "Run `npm run app` once: it installs, builds and starts.",
    );
  }
  // Installed by hand before this script existed: npm's own record is newer than the lock.
  const hidden = path.join(root, "node_modules", ".package-lock.json");
  if (stamp === null && existsSync(hidden) && statSync(hidden).mtimeMs >= statSync(lockFile).mtimeMs) {
    writeFileSync(INSTALL_STAMP, lockHash);
    return;
  }
  say("Installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"], {
    step: "Installing dependencies",
    hint: "Check that the npm registry is reachable and that a C++ toolchain (make, g++, python3) is installed for better-sqlite3, then run the command again.",
  });
  writeFileSync(INSTALL_STAMP, lockHash);
}

async function prismaModule() {
  return import(path.join(root, "scripts", "prisma.mjs"));
}

/** The Prisma client is generated code: regenerate it when the schema changed. */
async function generateClient() {
  const schema = readFileSync(path.join(root, "prisma", "schema.prisma"));
  const hash = sha256(schema);
  const client = path.join(root, "server", "generated", "prisma", "client.ts");
  if (existsSync(client) && readStamp(GENERATE_STAMP) === hash) return;
  say("Generating the Prisma client…");
  const { runPrisma } = await prismaModule();
  try {
    runPrisma(["generate"]);
  } catch (err) {
    throw new StepError(
      `Generating the Prisma client failed: ${err.message}`,
      "Check prisma/schema.prisma for errors (the output above names the line).",
    );
  }
  writeFileSync(GENERATE_STAMP, hash);
}

async function migrate(env) {
  say(`Applying database migrations (${env.DATA_DIR})…`);
  const { runPrisma } = await prismaModule();
  try {
    runPrisma(["migrate", "deploy"], { env });
  } catch (err) {
    throw new StepError(
      `Applying migrations failed: ${err.message}`,
      `Check that ${env.DATA_DIR} is writable and that no other program holds the database locked. Back up ${env.DATA_DIR} before changing anything in it.`,
    );
  }
}

function gitFiles() {
  try {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\0").filter(Boolean);
  } catch {
    return null;
  }
}

function walkFiles(dir = "", out = []) {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walkFiles(rel, out);
    } else if (entry.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

/** A fingerprint of every source file that goes into the build (path, size, mtime). */
function sourceFingerprint() {
  const files = (gitFiles() ?? walkFiles()).filter((f) => !NOT_BUILT.some((re) => re.test(f))).sort();
  const h = createHash("sha256");
  for (const f of files) {
    try {
      const s = statSync(path.join(root, f));
      h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
    } catch {
      h.update(`${f}\0deleted\n`);
    }
  }
  h.update(readFileSync(path.join(root, "package-lock.json")));
  return h.digest("hex");
}

function build(env) {
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(root, ".next", "BUILD_ID")) && readStamp(BUILD_STAMP) === fingerprint) {
    say("The production build is up to date.");
    return;
  }
  say("Building the app (next build, a few minutes)…");
  run(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    step: "Building the app",
    hint: "The build output above names the file and line at fault. Fix it, or run `npm run dev` to work on it with hot reload.",
    env,
  });
  writeFileSync(BUILD_STAMP, fingerprint);
}

function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, host);
  });
}

/** The folder that holds the database and the keys: this user's only, also when it already existed. */
function privateDataDir(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (/\.db(-wal|-shm)?$/.test(name) && statSync(file).isFile()) chmodSync(file, 0o600);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

async function waitUntilServing(url, child) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** Runs next start/dev in the foreground; Ctrl+C and SIGTERM stop it cleanly. */
async function serve(env, port, host) {
  if (!(await portFree(port, host))) {
    throw new StepError(
      `Port ${port} is already in use.`,
      `Stop the program using it, or choose another port: PORT=${port + 1} npm run ${dev ? "dev" : "app"}`,
    );
  }
  const url = LOOPBACK.has(host) ? `http://localhost:${port}` : env.NEXTAUTH_URL;
  const nextArgs = [dev ? "dev" : "start", "-H", host, "-p", String(port)];
  const child = spawn(path.join(root, "node_modules", ".bin", "next"), nextArgs, {
    cwd: root,
    env,
    stdio: "inherit",
  });
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    say("Stopping the server…");
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  child.on("error", (err) => {
    process.stderr.write(`✖ Starting the server failed: ${err.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (!stopping && code !== 0) {
      process.stderr.write(`✖ The server stopped unexpectedly (${code ?? signal}). The lines above say why.\n`);
    }
    process.exit(stopping ? 0 : (code ?? 1));
  });
  const probeHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  if (await waitUntilServing(`http://${probeHost}:${port}/sign-in`, child)) {
    say(`Ready: ${url}  (Ctrl+C to stop)`);
    if (!LOOPBACK.has(host)) {
      say(`Listening on ${host}: other machines can reach this server. See docs/security.md before you keep it so.`);
    }
  }
}

async function main() {
  checkNode();
  loadEnvFiles();
  installDependencies();
  await generateClient();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StepError(
      `PORT=${process.env.PORT} is not a port number.`,
      "Use a number between 1 and 65535, for example PORT=3000.",
    );
  }
  const host = process.env.HOST?.trim() || "127.0.0.1";
  const dataDir = path.resolve(root, process.env.DATA_DIR ?? "./data");
  privateDataDir(dataDir);
  const env = {
    ...process.env,
    HOST: host,
    PORT: String(port),
    DATA_DIR: dataDir,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  await migrate(env);
  if (dev) {
    say("Starting the development server (hot reload)…");
  } else if (noBuild) {
    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      throw new StepError("There is no production build yet.", "Run `npm run app` once to build it.");
    }
  } else {
    build(env);
  }
  await serve(env, port, host);
}

main().catch((err) => {
  process.stderr.write(`\n✖ ${err.message}\n`);
  if (err.hint) process.stderr.write(`  ${err.hint}\n`);
  process.exit(1);
});
