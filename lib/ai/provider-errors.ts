import { AppError, type AppErrorCode } from "@/lib/errors";
import { redactString } from "@/lib/redact";

/** Why a provider call failed, so the UI can say what to do and whether Retry makes sense. */
export type ProviderFailure =
  | "unreachable"
  | "missing-key"
  | "auth"
  | "model-missing"
  | "rate-limited"
  | "server-error"
  | "interrupted"
  | "bad-response"
  | "aborted";

export interface ProviderErrorContext {
  /** Shown to people: "Ollama", "OpenRouter", an endpoint's name, "Embedded model". */
  label: string;
  model?: string;
  baseUrl?: string;
}

const CODES: Record<ProviderFailure, AppErrorCode> = {
  unreachable: "PRECONDITION_FAILED",
  "missing-key": "PRECONDITION_FAILED",
  auth: "PRECONDITION_FAILED",
  "model-missing": "NOT_FOUND",
  "rate-limited": "TOO_MANY_REQUESTS",
  "server-error": "PRECONDITION_FAILED",
  interrupted: "PRECONDITION_FAILED",
  "bad-response": "PRECONDITION_FAILED",
  aborted: "BAD_REQUEST",
};

/**
 * Every provider failure the app shows, stores or logs is one of these, and its text is redacted
 * here, once (issue 22, finding 6): an upstream that echoes the Authorization header in its error
 * body put the OpenRouter key in chat messages, model calls, task steps, alerts and backups.
 * Registered secret values (the vault's) and credential patterns are removed from the message and
 * the headline before anyone can copy them.
 */
export class ProviderError extends AppError {
  readonly details: { status?: number; retryAfterSeconds?: number; retryable: boolean; headline?: string };

  constructor(
    readonly failure: ProviderFailure,
    message: string,
    /** `headline`: what happened without the advice, for pages that give their own (Settings -> Providers). */
    details: { status?: number; retryAfterSeconds?: number; retryable: boolean; headline?: string } = {
      retryable: false,
    },
  ) {
    super(CODES[failure], redactString(message));
    this.name = "ProviderError";
    this.details = details.headline === undefined ? details : { ...details, headline: redactString(details.headline) };
  }
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
  statusCode?: number;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
  lastError?: unknown;
  errors?: unknown[];
}

const asLike = (e: unknown): ErrorLike => (e && typeof e === "object" ? (e as ErrorLike) : { message: String(e) });

/** The provider's own sentence from an error body: {"error":"..."} or {"error":{"message":"..."}}. */
function bodyMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
    if (
      parsed.error &&
      typeof parsed.error === "object" &&
      typeof (parsed.error as { message?: unknown }).message === "string"
    ) {
      return (parsed.error as { message: string }).message;
    }
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    return body.slice(0, 200);
  }
  return undefined;
}

function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && chain.length < 6) {
    const like = asLike(current);
    chain.push(like);
    current = like.cause;
  }
  return chain;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function isModelMissing(status: number | undefined, message: string): boolean {
  if (status === 404) return true;
  return /model.*(not found|does not exist)|not a valid model|model_not_found|no such model/i.test(message);
}

/** Retries wrap the last error; streams sometimes hand over an object with the cause inside. */
function unwrap(error: unknown): unknown {
  const like = asLike(error);
  if (like.name === "AI_RetryError" && like.lastError) return unwrap(like.lastError);
  return error;
}

/**
 * Any error from a provider call (thrown, or an `error` part in a stream) as a ProviderError
 * whose message says what happened and what to do.
 */
export function explainProviderError(error: unknown, ctx: ProviderErrorContext): ProviderError {
  const original = unwrap(error);
  if (original instanceof ProviderError) return original;
  const where = ctx.baseUrl ? ` at ${ctx.baseUrl}` : "";
  const model = ctx.model ? ` "${ctx.model}"` : "";
  const chain = causeChain(original);
  const top = chain[0] ?? {};

  const idle = chain.find((e) => e.name === "ProviderIdleTimeoutError") as { seconds?: number } | undefined;
  if (idle) {
    return new ProviderError(
      "interrupted",
      `${ctx.label}${where} sent nothing for ${idle.seconds ?? "too many"} s, so the call was stopped. The model may be stuck or the machine overloaded: try again, or raise "Provider idle timeout" in Settings -> Providers if long prompts need more time.`,
      { retryable: true, headline: `${ctx.label} sent nothing for ${idle.seconds ?? "too many"} s.` },
    );
  }
  if (chain.some((e) => e.name === "AbortError" || e.name === "ResponseAborted")) {
    return new ProviderError("aborted", "The generation was stopped.");
  }

  const status = chain.find((e) => typeof e.statusCode === "number")?.statusCode;
  if (status !== undefined) {
    const api = chain.find((e) => e.statusCode === status)!;
    const said = bodyMessage(api.responseBody) ?? api.message ?? "";
    const saidPart = said ? `: ${said}` : "";
    if (status === 401 || status === 403) {
      return new ProviderError(
        "auth",
        `${ctx.label} refused the API key (${status}${saidPart}). Check the key in Settings -> Providers.`,
        { status, retryable: false },
      );
    }
    if (status === 429) {
      const header = api.responseHeaders?.["retry-after"];
      const retryAfterSeconds = header && /^\d+$/.test(header) ? Number(header) : undefined;
      const when =
        retryAfterSeconds !== undefined ? ` Try again in ${retryAfterSeconds} s.` : " Try again in a moment.";
      return new ProviderError("rate-limited", `${ctx.label} is limiting requests (429${saidPart}).${when}`, {
        status,
        retryAfterSeconds,
        retryable: true,
      });
    }
    if (isModelMissing(status, said)) {
      return new ProviderError(
        "model-missing",
        `${ctx.label} has no model${model}${saidPart ? ` (${said})` : ""}. Pick another model or install it first.`,
        { status, retryable: false },
      );
    }
    if (status >= 500) {
      return new ProviderError(
        "server-error",
        `${ctx.label} failed with an error (${status}${saidPart}). Retry, or check the provider.`,
        { status, retryable: true },
      );
    }
    return new ProviderError("bad-response", `${ctx.label} refused the request (${status}${saidPart}).`, {
      status,
      retryable: false,
    });
  }

  // Checked before unreachable: a dropped stream also surfaces as a network error.
  if (
    chain.some(
      (e) =>
        e.message === "terminated" ||
        e.code === "UND_ERR_SOCKET" ||
        /other side closed|socket hang up|premature close/i.test(e.message ?? ""),
    )
  ) {
    return new ProviderError(
      "interrupted",
      `The connection to ${ctx.label} dropped in the middle of the answer. Retry to ask again.`,
      { retryable: true },
    );
  }

  const network = chain.find((e) => e.code && NETWORK_CODES.has(e.code));
  if (network || chain.some((e) => /Cannot connect to API|fetch failed/i.test(e.message ?? ""))) {
    const reasons: Record<string, string> = {
      ECONNREFUSED: "connection refused",
      ENOTFOUND: "host not found",
      ETIMEDOUT: "no answer in time",
      UND_ERR_CONNECT_TIMEOUT: "no answer in time",
    };
    const reason = (network?.code && reasons[network.code]) ?? network?.code ?? "no connection";
    const headline = `${ctx.label} is not reachable${where} (${reason}).`;
    return new ProviderError("unreachable", `${headline} Start it, or correct its address in Settings -> Providers.`, {
      retryable: true,
      headline,
    });
  }

  if (
    chain.some(
      (e) => /JSONParseError|TypeValidationError|InvalidResponseData/i.test(e.name ?? "") || e instanceof SyntaxError,
    )
  ) {
    return new ProviderError(
      "bad-response",
      `${ctx.label} sent a response this app cannot read. Retry, or check that${where || " the address"} is a real ${ctx.label} server.`,
      { retryable: true },
    );
  }

  return new ProviderError("bad-response", `${ctx.label} failed: ${top.message ?? "unknown error"}.`, {
    retryable: true,
  });
}
