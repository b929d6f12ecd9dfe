import "server-only";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Database, Statement } from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import { databaseFile, env } from "@/server/env";
import { PrismaClient } from "@/server/generated/prisma/client";
import { ensurePrivateDir, makeDatabaseFilePrivate } from "@/server/runtime/private-files";

/**
 * One Prisma client and one SQLite connection for the whole process. The adapter's connection is
 * captured so FTS5 and sqlite-vec statements share it (and join open transactions).
 */
type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

function configure(db: Database): void {
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  sqliteVec.load(db);
}

interface DbHandle {
  client: PrismaClient;
  raw: Promise<Database>;
}

function createHandle(): DbHandle {
  const file = databaseFile(env.DATABASE_URL);
  ensurePrivateDir(path.dirname(file));
  const inner = new PrismaBetterSQLite3({ url: `file:${file}` });
  let resolveRaw!: (db: Database) => void;
  const raw = new Promise<Database>((resolve) => {
    resolveRaw = resolve;
  });
  const factory = {
    provider: "sqlite" as const,
    adapterName: inner.adapterName,
    async connect(): Promise<Adapter> {
      const adapter = await inner.connect();
      const client = (adapter as unknown as { client: Database }).client;
      configure(client);
      makeDatabaseFilePrivate(file);
      resolveRaw(client);
      return adapter;
    },
  };
  return { client: new PrismaClient({ adapter: factory }), raw };
}

// Kept on globalThis so hot reloads in development do not open a new connection each time.
const globalForDb = globalThis as unknown as { __db?: DbHandle };
globalForDb.__db ??= createHandle();
const handle = globalForDb.__db;

export const db: PrismaClient = handle.client;

/** The raw better-sqlite3 connection Prisma uses (for FTS5, sqlite-vec and batched writes). */
export async function sqlite(): Promise<Database> {
  await db.$connect();
  return handle.raw;
}

/**
 * The one way to prepare a raw statement: once per connection (each test file opens its own),
 * returning plain numbers. Only stores use it, for the paths docs/benchmarks.md shows need it;
 * build its SQL with server/db/sql.ts so the columns are checked. Call the getter per use.
 */
export function preparedStatement<P extends unknown[] = unknown[]>(sql: string): () => Promise<Statement<P>> {
  const prepared = new WeakMap<Database, Statement<P>>();
  return async () => {
    const raw = await sqlite();
    let statement = prepared.get(raw);
    if (!statement) {
      statement = raw.prepare<P>(sql).safeIntegers(false);
      prepared.set(raw, statement);
    }
    return statement;
  };
}

export type { PrismaClient };
