import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaConfig } from "prisma";

// Prisma 6.19 offline: the JavaScript schema engine through the better-sqlite3 adapter.
// With this file Prisma does not load .env, so DATABASE_URL is derived here like server/env.ts does.
const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
const url = process.env.DATABASE_URL ?? `file:${path.join(dataDir, "app.db")}`;

export default {
  experimental: { adapter: true, externalTables: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  tables: {
    external: [
      "log_fts",
      "log_fts_data",
      "log_fts_idx",
      "log_fts_docsize",
      "log_fts_config",
      "kb_chunk_fts",
      "kb_chunk_fts_data",
      "kb_chunk_fts_idx",
      "kb_chunk_fts_docsize",
      "kb_chunk_fts_config",
      "agent_memory_fts",
      "agent_memory_fts_data",
      "agent_memory_fts_idx",
      "agent_memory_fts_docsize",
      "agent_memory_fts_config",
    ],
  },
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
} satisfies PrismaConfig;
