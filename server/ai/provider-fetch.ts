import "server-only";

type NextPatchedFetch = typeof fetch & { _nextOriginalFetch?: typeof fetch };

/**
 * The fetch the provider packages call. In a route handler Next replaces the global fetch with
 * one that serves its data cache (a tracing span, cache-mode checks, fetch metrics per request,
 * an extra promise hop on the response); model calls are never cached, so they go straight to
 * Node's fetch, which Next keeps on its replacement. Elsewhere (tests, scripts) the global fetch
 * is Node's own. Looked up per call: Next may patch after this module is loaded.
 */
export const providerFetch: typeof fetch = (input, init) => {
  const current = globalThis.fetch as NextPatchedFetch;
  return (current._nextOriginalFetch ?? current)(input, init);
};
