import { parseArgs } from "node:util";
import { STORIES_260K } from "@/tests/support/model-tokens";
import { startOllamaServer } from "@/tests/support/ollama-server";
import { startOpenAIServer } from "@/tests/support/openai-server";

/** What Settings -> Providers can pull from the Ollama test server. */
const PULLABLE = [
  {
    name: "tinyllama:latest",
    family: "llama",
    parameterSize: "1.1B",
    sizeBytes: 637_000_000,
    contextLength: 2048,
    capabilities: ["completion"],
  },
];

/**
 * Runs the provider test servers as their own process, for Playwright and benchmarks:
 *   npx tsx tests/support/fake-providers-cli.ts --ollama-port 11500 --openai-port 11501 --openrouter-port 11502 [--real-model] [--tokens-per-second 2000] [--openrouter-key KEY]
 *     [--pull-step-ms 200] (pause between /api/pull progress lines)
 * Prints one JSON line with the base URLs, then serves until SIGINT/SIGTERM. Script replies and
 * read the request log over HTTP: POST /__control/script, GET /__control/requests, POST /__control/reset.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      "ollama-port": { type: "string", default: "0" },
      "openai-port": { type: "string", default: "0" },
      "openrouter-port": { type: "string", default: "0" },
      "real-model": { type: "boolean", default: false },
      "tokens-per-second": { type: "string" },
      "openrouter-key": { type: "string" },
      "pull-step-ms": { type: "string", default: "0" },
    },
  });
  const tokensPerSecond = values["tokens-per-second"] ? Number(values["tokens-per-second"]) : undefined;
  const ollama = await startOllamaServer({
    port: Number(values["ollama-port"]),
    tokensPerSecond,
    realModel: values["real-model"] ? STORIES_260K : undefined,
    pullable: PULLABLE,
    pullStepMs: Number(values["pull-step-ms"]),
  });
  const openai = await startOpenAIServer({ port: Number(values["openai-port"]), tokensPerSecond });
  const openrouter = await startOpenAIServer({
    port: Number(values["openrouter-port"]),
    tokensPerSecond,
    flavor: "openrouter",
    apiKey: values["openrouter-key"],
  });
  process.stdout.write(
    `${JSON.stringify({ ollama: ollama.url, openai: `${openai.url}/v1`, openrouter: `${openrouter.url}/v1` })}\n`,
  );
  const stop = () => void Promise.all([ollama.close(), openai.close(), openrouter.close()]).then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
