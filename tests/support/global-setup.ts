import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: plain ESM script without types
import { runPrisma } from "../../scripts/prisma.mjs";

/** Migrates one template database; each test file starts from a copy of it (see setup-env.ts). */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lap-template-"));
  runPrisma(["migrate", "deploy"], { quiet: true, env: { ...process.env, DATA_DIR: dir, DATABASE_URL: undefined } });
  project.provide("templateDb", path.join(dir, "app.db"));
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
