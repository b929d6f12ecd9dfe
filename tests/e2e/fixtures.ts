import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/** The admin that first-run setup creates on the fresh e2e database. */
export const ADMIN = {
  name: "Ada Admin",
  email: "ada.admin@example.test",
  password: "correct horse battery staple",
} as const;

/** The e2e server's data directory (database, keys); specs that read it directly take it from here. */
export const E2E_DATA_DIR = path.resolve(__dirname, "..", "..", "test-results", "e2e-data");

/** Signed-in state of ADMIN, saved by setup.spec.ts, loaded by the "app" project. */
export const ADMIN_STATE = path.resolve(__dirname, "..", "..", "test-results", ".auth", "admin.json");

type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? At<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

export type ProcedureInput<P extends string> = At<inferRouterInputs<AppRouter>, P>;
export type ProcedureOutput<P extends string> = At<inferRouterOutputs<AppRouter>, P>;

/** A tRPC call failed: `status` is the HTTP status, `message` the server's sentence. */
export class TrpcHttpError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    message: string,
  ) {
    super(`${path} answered ${status}: ${message}`);
  }
}

function requestOf(source: Page | APIRequestContext): APIRequestContext {
  return "request" in source ? source.request : source;
}

async function unwrap<T>(path: string, res: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  const body = (await res.json().catch(() => null)) as {
    result?: { data?: unknown };
    error?: { json?: { message?: string }; message?: string };
  } | null;
  if (!res.ok() || !body?.result) {
    const message = body?.error?.json?.message ?? body?.error?.message ?? res.statusText();
    throw new TrpcHttpError(path, res.status(), message);
  }
  return superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as T;
}

/**
 * Calls a tRPC query over HTTP like the browser does, with the page's cookies
 * (tRPC 11: GET /api/trpc/<path>?input=<superjson>).
 */
export async function trpcQuery<P extends string>(
  source: Page | APIRequestContext,
  path: P,
  input?: ProcedureInput<P>,
): Promise<ProcedureOutput<P>> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await requestOf(source).get(`/api/trpc/${path}${query}`);
  return unwrap(path, res);
}

/** Calls a tRPC mutation over HTTP with the page's cookies (POST with a superjson body). */
export async function trpcMutation<P extends string>(
  source: Page | APIRequestContext,
  path: P,
  input?: ProcedureInput<P>,
): Promise<ProcedureOutput<P>> {
  const res = await requestOf(source).post(`/api/trpc/${path}`, {
    data: input === undefined ? undefined : JSON.stringify(superjson.serialize(input)),
    headers: { "content-type": "application/json" },
  });
  return unwrap(path, res);
}
