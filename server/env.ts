import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable the app reads, validated once. `next.config.ts` imports this
 * module so a bad environment fails at start, not at the first request.
 * Secrets that are not given here (auth secret, vault key, signing key) are generated into
 * the data directory on first start, never committed.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // The address next start listens on (the launcher passes it); loopback unless someone chose otherwise.
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  // Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses); none by default.
  TRUSTED_PROXIES: z.string().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "DATABASE_URL must be a SQLite file URL (file:...)")
    .optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  SECRETS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "SECRETS_KEY must be 32 bytes in base64")
    .optional(),
  LOG_LEVEL: z.enum(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]).optional(),
  LOG_STDOUT: z.enum(["0", "1"]).default("1"),
  // A real Inngest server (Dev Server, self-hosted or Cloud). With none of these set, the
  // embedded executor runs the functions (server/executor, docs/executor.md).
  INNGEST_BASE_URL: z.url("INNGEST_BASE_URL must be a URL such as http://127.0.0.1:8288/").optional(),
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY: z
    .string()
    .regex(/^signkey-\w+-[0-9a-f]+$/i, "INNGEST_SIGNING_KEY must look like signkey-<env>-<hex>")
    .optional(),
  INNGEST_DEV: z.string().min(1).optional(),
  EXECUTOR_PORT: z.coerce.number().int().min(1).max(65535).default(8290),
});

export type Env = z.infer<typeof schema> & { DATA_DIR: string; DATABASE_URL: string };

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    // Chosen at run time: the ignore keeps the build from tracing ./data/app.db into its output.
    DATABASE_URL: parsed.data.DATABASE_URL ?? `file:${path.join(/*turbopackIgnore: true*/ dataDir, "app.db")}`,
  };
}

export const env: Env = load();

/** Absolute path of the SQLite file behind DATABASE_URL. */
export function databaseFile(url: string = env.DATABASE_URL): string {
  return path.resolve(url.replace(/^file:/, ""));
}
