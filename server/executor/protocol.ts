import { z } from "zod";
import { canonicalJson } from "./jcs";
import { signBody } from "./signing";

/**
 * The HTTP side of the Inngest SDK protocol (design note §2): in-band sync and call requests to
 * the app's serve() endpoint, signed in cloud mode, and the parsing of every response shape.
 */
export const opSchema = z.object({
  id: z.string().min(1),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type Op = z.infer<typeof opSchema>;
const opsSchema = z.array(opSchema);
const streamedSchema = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
});

export type CallOutcome =
  | { kind: "complete"; output: unknown; version: number | null }
  | { kind: "ops"; ops: Op[]; noRetry: boolean; retryAt: number | null; version: number | null }
  | { kind: "error"; error: SerializedError; retriable: boolean; retryAt: number | null; version: number | null }
  | { kind: "unreachable"; reason: string };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

export interface AppTarget {
  url: string;
  signingKey: string;
  timeoutMs: number;
}

export function toSerializedError(value: unknown, fallback = "The function failed"): SerializedError {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const message = typeof v.message === "string" ? v.message : typeof v.error === "string" ? v.error : fallback;
    return { ...v, name: typeof v.name === "string" && v.name ? v.name : "Error", message };
  }
  return { name: "Error", message: typeof value === "string" && value ? value : fallback };
}

function retryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return now + seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : date;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** Turns one HTTP answer (after unwrapping 201 streaming) into an outcome. */
export function interpretResponse(status: number, headers: Headers, text: string, now = Date.now()): CallOutcome {
  const versionHeader = headers.get("x-inngest-req-version");
  const version = versionHeader === null ? null : Number(versionHeader);
  const body = parseJson(text);
  const noRetry = headers.get("x-inngest-no-retry") === "true";
  const at = retryAfter(headers.get("retry-after"), now);
  if (status === 200) return { kind: "complete", output: body ?? null, version };
  if (status === 206) {
    const ops = opsSchema.safeParse(body);
    if (!ops.success)
      return {
        kind: "error",
        error: { name: "ProtocolError", message: "The SDK answered 206 with something that is not a list of ops." },
        retriable: false,
        retryAt: null,
        version,
      };
    return { kind: "ops", ops: ops.data, noRetry, retryAt: at, version };
  }
  if (status === 400)
    return { kind: "error", error: toSerializedError(body), retriable: false, retryAt: null, version };
  if (status === 500)
    return { kind: "error", error: toSerializedError(body), retriable: !noRetry, retryAt: at, version };
  if (status === 401 || status === 403)
    return { kind: "unreachable", reason: `the app refused the executor's signature (${status})` };
  return { kind: "unreachable", reason: `the app answered ${status}` };
}

async function unwrapStream(res: Response): Promise<{ status: number; headers: Headers; text: string }> {
  const text = await res.text();
  if (res.status !== 201) return { status: res.status, headers: res.headers, text };
  const inner = streamedSchema.safeParse(parseJson(text.trim()));
  if (!inner.success)
    return {
      status: 500,
      headers: new Headers(),
      text: JSON.stringify({ name: "ProtocolError", message: "Unreadable streamed response from the SDK." }),
    };
  return { status: inner.data.status, headers: new Headers(inner.data.headers ?? {}), text: inner.data.body ?? "" };
}

/** POSTs a call request whose body is already canonical JSON. */
export async function callApp(
  target: AppTarget,
  fnId: string,
  stepId: string,
  body: string,
  extraHeaders: Record<string, string>,
): Promise<CallOutcome> {
  const url = new URL(target.url);
  url.searchParams.set("fnId", fnId);
  url.searchParams.set("stepId", stepId);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": signBody(body, target.signingKey),
        "x-inngest-server-kind": "cloud",
        ...extraHeaders,
      },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (err) {
    // A call that was sent but never answered may have run code: it counts as a failed attempt.
    // Anything else (refused, reset before an answer) means the app is down: retried without limit.
    if ((err as Error).name === "TimeoutError") {
      const error = {
        name: "TimeoutError",
        message: `The app did not answer within ${Math.round(target.timeoutMs / 1000)} s.`,
      };
      return { kind: "error", error, retriable: true, retryAt: null, version: null };
    }
    return { kind: "unreachable", reason: (err as Error).message };
  }
  try {
    const { status, headers, text } = await unwrapStream(res);
    return interpretResponse(status, headers, text);
  } catch (err) {
    return { kind: "unreachable", reason: (err as Error).message };
  }
}

const syncResponseSchema = z.object({
  app_id: z.string(),
  functions: z.array(z.record(z.string(), z.unknown())),
});
export type SyncResponse = z.infer<typeof syncResponseSchema>;

/** In-band sync: PUT {url} and read the app's function configs. */
export async function syncApp(target: AppTarget): Promise<SyncResponse> {
  const body = canonicalJson({ url: target.url });
  const res = await fetch(target.url, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      "x-inngest-sync-kind": "in_band",
      "x-inngest-signature": signBody(body, target.signingKey),
      "x-inngest-server-kind": "cloud",
    },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`The app answered ${res.status} to the sync request: ${text.slice(0, 300)}`);
  if (res.headers.get("x-inngest-sync-kind") !== "in_band") {
    throw new Error(
      "The app did not do an in-band sync; check that it runs inngest with a signing key and without INNGEST_ALLOW_IN_BAND_SYNC=0.",
    );
  }
  const parsed = syncResponseSchema.safeParse(parseJson(text));
  if (!parsed.success) throw new Error("The app's sync answer has no app_id or functions.");
  return parsed.data;
}
