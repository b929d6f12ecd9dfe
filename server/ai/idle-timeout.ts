import "server-only";

/** A provider that sent nothing (no headers, no byte of the body) for the idle limit. */
export class ProviderIdleTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`The provider sent nothing for ${seconds} s.`);
    this.name = "ProviderIdleTimeoutError";
  }
}

/**
 * Wraps a fetch so that a call which goes quiet is stopped (issue 22, finding 14): a stalled
 * provider kept a chat streaming and a task running for minutes, and skip-if-running jobs stayed
 * blocked behind it. The clock starts with the request and restarts with the headers and with
 * every chunk of the body; when it runs out the request is aborted (the provider sees the
 * connection close) and the body fails with ProviderIdleTimeoutError, which explainProviderError
 * turns into a sentence. The caller's own signal still stops the call at any time.
 */
export function fetchWithIdleTimeout(base: typeof fetch, idleSeconds: number): typeof fetch {
  const idleMs = idleSeconds * 1000;
  return async (input, init) => {
    const idle = new AbortController();
    const fire = () => idle.abort(new ProviderIdleTimeoutError(idleSeconds));
    let timer = setTimeout(fire, idleMs);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(fire, idleMs);
    };
    const signal = init?.signal ? AbortSignal.any([init.signal, idle.signal]) : idle.signal;
    const idleReason = (err: unknown) => (idle.signal.aborted ? idle.signal.reason : err);
    let res: Response;
    try {
      res = await base(input, { ...init, signal });
    } catch (err) {
      clearTimeout(timer);
      throw idleReason(err);
    }
    if (!res.body) {
      clearTimeout(timer);
      return res;
    }
    restart();
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            clearTimeout(timer);
            controller.close();
            return;
          }
          restart();
          controller.enqueue(value);
        } catch (err) {
          clearTimeout(timer);
          controller.error(idleReason(err));
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
