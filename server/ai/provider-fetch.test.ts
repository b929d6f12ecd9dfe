import { afterEach, describe, expect, it } from "vitest";
import { providerFetch } from "@/server/ai/provider-fetch";

const nodeFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = nodeFetch;
});

describe("providerFetch", () => {
  it("calls the fetch Next keeps behind its patched one, not the patched one", async () => {
    const calls: string[] = [];
    const original = (async () => {
      calls.push("original");
      return new Response("ok");
    }) as typeof fetch;
    globalThis.fetch = Object.assign(
      (async () => {
        calls.push("patched");
        return new Response("patched");
      }) as typeof fetch,
      { _nextOriginalFetch: original },
    );
    const res = await providerFetch("http://127.0.0.1:9/api/chat", { method: "POST" });
    expect(await res.text()).toBe("ok");
    expect(calls).toEqual(["original"]);
  });

  it("uses the global fetch where nothing patched it", async () => {
    const calls: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return new Response("plain");
    }) as typeof fetch;
    expect(await (await providerFetch("http://127.0.0.1:9/x")).text()).toBe("plain");
    expect(calls).toEqual(["http://127.0.0.1:9/x"]);
  });
});
