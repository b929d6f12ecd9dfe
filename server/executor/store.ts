import path from "node:path";
import Database from "better-sqlite3";
import { ensurePrivateDir, makeDatabaseFilePrivate } from "@/server/runtime/private-files";

/**
 * The executor's own SQLite file (next to the app database, not inside it): it writes on every
 * step, and a separate file keeps its single-writer lock away from the app's requests. Run state
 * is not portable between backends anyway (design note §5, Migration).
 */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS functions (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, config TEXT NOT NULL, synced_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, body TEXT NOT NULL,
  received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, function_id TEXT NOT NULL, event_id TEXT, event TEXT NOT NULL,
  status TEXT NOT NULL, version INTEGER NOT NULL DEFAULT -1, output TEXT, error TEXT,
  parent_run_id TEXT, parent_step_id TEXT, created_at INTEGER NOT NULL, started_at INTEGER,
  ended_at INTEGER, UNIQUE (function_id, event_id));
CREATE INDEX IF NOT EXISTS runs_status ON runs (status, function_id);
CREATE INDEX IF NOT EXISTS runs_parent ON runs (parent_run_id);
CREATE TABLE IF NOT EXISTS steps (
  run_id TEXT NOT NULL, step_id TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (run_id, step_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending (
  run_id TEXT NOT NULL, step_id TEXT NOT NULL, PRIMARY KEY (run_id, step_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS waits (
  id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, step_id TEXT, kind TEXT NOT NULL,
  event TEXT NOT NULL, expression TEXT, expires_at INTEGER, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS waits_event ON waits (event);
CREATE INDEX IF NOT EXISTS waits_run ON waits (run_id);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, run_id TEXT, function_id TEXT NOT NULL,
  step_id TEXT, attempt INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,
  payload TEXT, run_at INTEGER NOT NULL, lease_owner INTEGER, lease_until INTEGER,
  key TEXT UNIQUE);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (run_at);
CREATE INDEX IF NOT EXISTS jobs_run ON jobs (run_id);
CREATE TABLE IF NOT EXISTS paused (run_id TEXT PRIMARY KEY, paused_at INTEGER NOT NULL) WITHOUT ROWID;
`;

export type Db = Database.Database;

export function openStore(file: string): Db {
  ensurePrivateDir(path.dirname(file));
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  makeDatabaseFilePrivate(file);
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`The executor database ${file} was written by a newer version of the app.`);
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}

export interface RunRow {
  id: string;
  function_id: string;
  event_id: string | null;
  event: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  version: number;
  output: string | null;
  error: string | null;
  parent_run_id: string | null;
  parent_step_id: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

export interface JobRow {
  id: number;
  kind: "call" | "resume" | "cron";
  run_id: string | null;
  function_id: string;
  step_id: string | null;
  attempt: number;
  failures: number;
  payload: string | null;
  run_at: number;
}

export interface WaitRow {
  id: number;
  run_id: string;
  step_id: string | null;
  kind: "event" | "cancel";
  event: string;
  expression: string | null;
  expires_at: number | null;
  created_at: number;
}
