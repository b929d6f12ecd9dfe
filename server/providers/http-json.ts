import { explainProviderError, type ProviderErrorContext } from "@/lib/ai/provider-errors";

const DEFAULT_TIMEOUT_MS = 10_000;

/** An HTTP error in the shape explainProviderError reads (like the AI SDK's APICallError). */
class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly responseBody: string,
    readonly responseHeaders: Record<string, string>,
  ) {
    super(`HTTP ${statusCode}`);
  }
}

/**
 * A JSON request to a provider's own API (model lists, details): a timeout, and every failure as
 * a ProviderError that says what went wrong.
 */
export async function fetchProvider(
  url: string,
  ctx: ProviderErrorContext,
  init: {
    method?: "GET" | "POST" | "DELETE";
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
    timeoutMs?: number;
  } = {},
): Promise<Response> {
  const timeout = AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal,
    });
  } catch (err) {
    if (timeout.aborted && !init.signal?.aborted) {
      throw explainProviderError(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }), ctx);
    }
    throw explainProviderError(err, ctx);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    throw explainProviderError(new HttpStatusError(response.status, body, Object.fromEntries(response.headers)), ctx);
  }
  return response;
}

export async function getJson<T>(
  url: string,
  ctx: ProviderErrorContext,
  init?: Parameters<typeof fetchProvider>[2],
): Promise<T> {
  const response = await fetchProvider(url, ctx, init);
  try {
    return (await response.json()) as T;
  } catch (err) {
    throw explainProviderError(Object.assign(new SyntaxError("invalid JSON"), { cause: err }), ctx);
  }
}
