import {
  type FakeServer,
  Pacer,
  type ScriptedReply,
  type ServerContext,
  sendJson,
  sleep,
  splitTokens,
  startFakeServer,
} from "@/tests/support/fake-provider";
import { fakeEmbedding } from "@/tests/support/model-tokens";

/**
 * An OpenAI-compatible server (SSE streaming) on a loopback port. The "openrouter" flavour adds
 * what OpenRouter does on top: reasoning in `delta.reasoning`, cost in the usage chunk, prices and
 * context lengths in /v1/models and its own error shapes. Point a base URL at `${url}/v1`.
 */
export interface FakeOpenAIModel {
  id: string;
  name?: string;
  contextLength?: number;
  /** Dollars per token, as OpenRouter lists them. */
  pricing?: { prompt: number; completion: number };
  inputModalities?: string[];
  supportedParameters?: string[];
}

export interface OpenAIServerOptions {
  flavor?: "openai" | "openrouter";
  models?: FakeOpenAIModel[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  tokensPerSecond?: number;
  defaultText?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export const DEFAULT_OPENAI_MODELS: FakeOpenAIModel[] = [
  { id: "openai/gpt-4o-mini", name: "OpenAI: GPT-4o-mini", contextLength: 128000, pricing: { prompt: 0.00000015, completion: 0.0000006 }, inputModalities: ["text", "image"], supportedParameters: ["tools", "temperature"] },
  { id: "meta-llama/llama-3.1-8b-instruct", name: "Meta: Llama 3.1 8B Instruct", contextLength: 131072, pricing: { prompt: 0.00000002, completion: 0.00000005 }, inputModalities: ["text"], supportedParameters: ["tools"] },
];

interface CompletionBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content: unknown }[];
}

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<FakeServer> {
  const flavor = options.flavor ?? "openai";
  const models = options.models ?? DEFAULT_OPENAI_MODELS;
  let server!: FakeServer;

  const authorised = (ctx: ServerContext) => {
    if (!options.apiKey || ctx.req.headers.authorization === `Bearer ${options.apiKey}`) return true;
    sendJson(ctx.res, 401, flavor === "openrouter" ? { error: { message: "User not found.", code: 401 } } : { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
    return false;
  };

  async function completions(ctx: ServerContext) {
    if (!authorised(ctx)) return;
    const body = (ctx.body ?? {}) as CompletionBody;
    const model = models.find((m) => m.id === body.model);
    if (!model) {
      return flavor === "openrouter"
        ? sendJson(ctx.res, 400, { error: { message: `${body.model} is not a valid model ID`, code: 400 } })
        : sendJson(ctx.res, 404, { error: { message: `The model \`${body.model}\` does not exist.`, type: "invalid_request_error", code: "model_not_found" } });
    }
    const reply: ScriptedReply | undefined = server.nextReply();
    const fault = reply?.fault;
    if (fault?.kind === "rate-limit") {
      return sendJson(ctx.res, 429, { error: { message: "Rate limit exceeded, retry later.", type: "rate_limit_error", code: 429 } }, { "retry-after": String(fault.retryAfterSeconds) });
    }
    if (fault?.kind === "server-error") return sendJson(ctx.res, fault.status ?? 500, { error: { message: fault.message ?? "Internal server error", type: "server_error", code: fault.status ?? 500 } });

    const script = reply ?? { text: options.defaultText ?? "Hello from the test server." };
    const id = `chatcmpl-${server.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const thinkingTokens = splitTokens(script.thinking ?? "");
    const textTokens = splitTokens(script.text ?? "");
    const toolCalls = (script.toolCalls ?? []).map((c, i) => ({ id: c.id ?? `call_${i}`, name: c.name, arguments: JSON.stringify(c.arguments) }));
    const promptTokens = reply?.usage?.input ?? JSON.stringify(body.messages ?? []).length >> 2;
    const completionTokens = reply?.usage?.output ?? thinkingTokens.length + textTokens.length;
    const cost = flavor === "openrouter" ? (reply?.cost ?? promptTokens * (model.pricing?.prompt ?? 0) + completionTokens * (model.pricing?.completion ?? 0)) : undefined;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, ...(cost !== undefined ? { cost } : {}) };
    const finishReason = toolCalls.length ? "tool_calls" : "stop";
    const reasoningField = flavor === "openrouter" ? "reasoning" : "reasoning_content";

    if (body.stream !== true) {
      return sendJson(ctx.res, 200, {
        id,
        object: "chat.completion",
        created,
        model: model.id,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: script.text ?? "",
              ...(script.thinking ? { [reasoningField]: script.thinking } : {}),
              ...(toolCalls.length ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) } : {}),
            },
            finish_reason: finishReason,
          },
        ],
        usage,
      });
    }

    ctx.res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const event = (data: unknown) => ctx.res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: object, finish: string | null = null) => event({ id, object: "chat.completion.chunk", created, model: model.id, choices: [{ index: 0, delta, finish_reason: finish }] });
    if (fault?.kind === "slow-first-token") await sleep(fault.delayMs);
    if (ctx.closed()) return;
    chunk({ role: "assistant", content: "" });

    const pacer = new Pacer(reply?.tokensPerSecond ?? options.tokensPerSecond ?? Infinity);
    let sent = 0;
    const emit = async (delta: object): Promise<boolean> => {
      if (ctx.closed()) return false;
      if (fault?.kind === "disconnect" && sent === fault.afterTokens) return ctx.drop(), false;
      if (fault?.kind === "malformed-chunk" && sent === fault.afterTokens) ctx.res.write('data: {"id": "broken", "choices": [\n\n');
      await pacer.wait(sent++);
      chunk(delta);
      return true;
    };
    for (const t of thinkingTokens) if (!(await emit({ [reasoningField]: t }))) return;
    for (const t of textTokens) if (!(await emit({ content: t }))) return;
    for (const [index, call] of toolCalls.entries()) {
      chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] });
      const half = Math.ceil(call.arguments.length / 2);
      for (const part of [call.arguments.slice(0, half), call.arguments.slice(half)]) chunk({ tool_calls: [{ index, function: { arguments: part } }] });
    }
    if (ctx.closed()) return;
    chunk({}, finishReason);
    event({ id, object: "chat.completion.chunk", created, model: model.id, choices: [], usage });
    ctx.res.end("data: [DONE]\n\n");
  }

  server = await startFakeServer({
    "GET /v1/models": (ctx) => {
      if (!authorised(ctx)) return;
      sendJson(ctx.res, 200, {
        object: "list",
        data: models.map((m) =>
          flavor === "openrouter"
            ? {
                id: m.id,
                name: m.name ?? m.id,
                context_length: m.contextLength ?? 8192,
                pricing: { prompt: String(m.pricing?.prompt ?? 0), completion: String(m.pricing?.completion ?? 0), request: "0", image: "0" },
                architecture: { input_modalities: m.inputModalities ?? ["text"], output_modalities: ["text"] },
                supported_parameters: m.supportedParameters ?? [],
                top_provider: { context_length: m.contextLength ?? 8192 },
              }
            : { id: m.id, object: "model", created: 1_700_000_000, owned_by: "test" },
        ),
      });
    },
    "POST /v1/chat/completions": completions,
    "GET /v1/key": (ctx) => {
      if (authorised(ctx)) sendJson(ctx.res, 200, { data: { label: "test key", usage: 0, limit: null, is_free_tier: false } });
    },
    "POST /v1/embeddings": (ctx) => {
      if (!authorised(ctx)) return;
      const b = (ctx.body ?? {}) as { model?: string; input?: string | string[] };
      const inputs = Array.isArray(b.input) ? b.input : [b.input ?? ""];
      sendJson(ctx.res, 200, {
        object: "list",
        data: inputs.map((t, index) => ({ object: "embedding", index, embedding: fakeEmbedding(t) })),
        model: b.model,
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    },
  }, options.port);
  return server;
}
