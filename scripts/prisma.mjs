#!/usr/bin/env node
// Runs the Prisma CLI offline: dummy engine paths stop it from trying to download binaries
// (Prisma 6.19 with engine "js" needs none). Usage: node scripts/prisma.mjs <prisma args...>
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function prismaEnv(base = process.env) {
  const dataDir = path.resolve(root, base.DATA_DIR ?? "./data");
  return {
    ...base,
    DATA_DIR: dataDir,
    DATABASE_URL: base.DATABASE_URL ?? `file:${path.join(dataDir, "app.db")}`,
    PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
    PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

export function runPrisma(args, { quiet = false, env = process.env } = {}) {
  const e = prismaEnv(env);
  mkdirSync(e.DATA_DIR, { recursive: true });
  const bin = path.join(root, "node_modules", ".bin", "prisma");
  const r = spawnSync(bin, args, { cwd: root, env: e, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    throw new Error(`prisma ${args.join(" ")} failed with exit code ${r.status}`);
  }
  return r.stdout ?? "";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    runPrisma(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
