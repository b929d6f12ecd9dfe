#!/usr/bin/env node
// Writes a new migration from the difference between the schema at the last commit and the
// working schema (`prisma migrate dev` does not work offline here; see docs/development.md).
// Usage: npm run db:migration -- <name> [--from-empty]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runPrisma } from "./prisma.mjs";

const name = process.argv.slice(2).find((a) => !a.startsWith("--"));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name_in_snake_case> [--from-empty]");
  process.exit(1);
}
let from = ["--from-empty"];
if (!process.argv.includes("--from-empty")) {
  const previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
  const tmp = path.join(mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
  writeFileSync(tmp, previous);
  from = ["--from-schema-datamodel", tmp];
}
const sql = runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
  quiet: true,
});
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql`);
