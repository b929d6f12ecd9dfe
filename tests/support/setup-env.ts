import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

// Runs before each test file's imports: a private data directory with a migrated database,
// so server/env.ts and server/db/index.ts (evaluated on first import) point at it.
const dir = mkdtempSync(path.join(os.tmpdir(), "lap-test-"));
copyFileSync(inject("templateDb"), path.join(dir, "app.db"));
process.env.DATA_DIR = dir;
delete process.env.DATABASE_URL;
process.env.LOG_STDOUT = "0";
(process.env as Record<string, string>).NODE_ENV = "test";
