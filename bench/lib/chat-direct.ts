import type { FakeServer } from "@/tests/support/fake-provider";
import { type ProxiedRequest, wallNow } from "./chat-proxy";

/**
 * One chat turn without a browser: POST /api/chat from the bench process with the signed-in
 * cookies, reading the UI message stream as it arrives (fetch undoes the app's gzip). Its
 * clock is the timing proxy's, so the server's own share is measured without clock offsets.
 */
export interface DirectTurn {
  /** When the request was sent (wall clock). */
  start: number;
  /** Request sent -> first text delta received, and the provider's own time to first token. */
  serverTtft: number;
  providerTtft: number;
  /** Every text delta: when it arrived and the answer's length after it. */
  arrivals: { at: number; length: number }[];
  text: string;
  provider: ProxiedRequest;
}

let counter = 0;

export function answerText(marker: string, words: number): string {
  return [marker, ...Array.from({ length: words - 1 }, (_, i) => `t${i + 1}`)].join(" ");
}

export async function directTurn(opts: {
  appUrl: string;
  cookie: string;
  sessionId: string;
  fake: FakeServer;
  proxy: { requests: ProxiedRequest[] };
  words: number;
  rate?: number;
}): Promise<DirectTurn & { expected: string }> {
  const marker = `Dx${++counter}q`;
  const expected = answerText(marker, opts.words);
  opts.fake.script({ text: expected, ...(opts.rate ? { tokensPerSecond: opts.rate } : {}) });
  const before = opts.proxy.requests.length;
  const start = wallNow();
  const res = await fetch(`${opts.appUrl}/api/chat`, {
    method: "POST",
    headers: { cookie: opts.cookie, "content-type": "application/json" },
    body: JSON.stringify({ sessionId: opts.sessionId, trigger: "submit", text: `Direct question ${counter}` }),
  });
  if (!res.ok || !res.body) throw new Error(`POST /api/chat answered ${res.status}: ${await res.text()}`);
  const arrivals: DirectTurn["arrivals"] = [];
  let text = "";
  let carry = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const at = wallNow();
    const lines = (carry + decoder.decode(chunk, { stream: true })).split("\n");
    carry = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith("data: {")) continue;
      const event = JSON.parse(line.slice(6)) as { type: string; delta?: string; errorText?: string };
      if (event.type === "error") throw new Error(`The app streamed an error: ${event.errorText}`);
      if (event.type !== "text-delta" || !event.delta) continue;
      text += event.delta;
      arrivals.push({ at, length: text.length });
    }
  }
  const provider = opts.proxy.requests.slice(before).find((r) => r.path === "/api/chat");
  if (!provider?.firstByte || arrivals.length === 0)
    throw new Error("The direct turn got no answer from the provider.");
  return {
    start,
    serverTtft: arrivals[0]!.at - start,
    providerTtft: provider.firstByte - provider.start,
    arrivals,
    text,
    provider,
    expected,
  };
}

/** Per token: when it reached the far side (first arrival at least as long) minus when it passed the provider's proxy. */
export function tokenLags(
  tokens: ProxiedRequest["tokens"],
  arrivals: { at: number; length: number }[],
  offset = 0,
): { lags: number[]; missing: number } {
  const lags: number[] = [];
  let j = 0;
  let missing = 0;
  for (const token of tokens) {
    while (j < arrivals.length && arrivals[j]!.length < token.length) j++;
    if (j >= arrivals.length) missing++;
    else lags.push(arrivals[j]!.at - offset - token.at);
  }
  return { lags, missing };
}
