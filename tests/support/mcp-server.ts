import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/**
 * A small real MCP server for the client's tests: an "echo" tool and an "add" tool, more tools
 * added at run time (which sends tools/list_changed to connected clients), and an HTTP mode the
 * test can stop and restart on the same port (the reconnect case). Run with `--stdio` it serves
 * the same tools over stdin/stdout.
 */
function buildServer(extraTools: readonly string[], requireHeader?: { name: string; value: string }): McpServer {
  const server = new McpServer(
    { name: "test-mcp", version: "1.0.0" },
    { capabilities: { tools: { listChanged: true } } },
  );
  server.registerTool(
    "echo",
    { description: "Echo the text back", inputSchema: { text: z.string() } },
    async ({ text }) => ({
      content: [{ type: "text", text: `echo: ${text}` }],
    }),
  );
  server.registerTool(
    "add",
    { description: "Add two numbers", inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({
      content: [{ type: "text", text: String(a + b) }],
    }),
  );
  server.registerTool("fail", { description: "Always fails" }, async () => ({
    isError: true,
    content: [{ type: "text", text: "the tool failed on purpose" }],
  }));
  if (requireHeader) {
    server.registerTool("whoami", { description: "Says whether the auth header arrived" }, async () => ({
      content: [{ type: "text", text: "authorised" }],
    }));
  }
  for (const name of extraTools) addToolTo(server, name);
  return server;
}

function addToolTo(server: McpServer, name: string) {
  server.registerTool(name, { description: `Extra tool ${name}` }, async () => ({
    content: [{ type: "text", text: `${name} ran` }],
  }));
}

export interface McpTestServer {
  url: string;
  port: number;
  /** Adds a tool to every connected session (clients get tools/list_changed) and to new ones. */
  addTool(name: string): void;
  stop(): Promise<void>;
  /** Listens again on the same port, with no sessions: clients must reconnect. */
  restart(): Promise<void>;
}

export async function startMcpTestServer(
  opts: { port?: number; requireHeader?: { name: string; value: string } } = {},
): Promise<McpTestServer> {
  const extraTools: string[] = [];
  let sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (opts.requireHeader && req.headers[opts.requireHeader.name.toLowerCase()] !== opts.requireHeader.value) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorised" }));
      return;
    }
    let body: unknown;
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
    }
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing) return existing.transport.handleRequest(req, res, body);
    if (req.method === "POST" && isInitializeRequest(body)) {
      const server = buildServer(extraTools, opts.requireHeader);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { transport, server }),
      });
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    res
      .writeHead(404, { "content-type": "application/json" })
      .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }));
  }

  let http: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      http = createServer((req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
      http.listen(port, "127.0.0.1", () => resolve((http.address() as AddressInfo).port));
    });
  const port = await listen(opts.port ?? 0);

  const stop = async () => {
    for (const { transport, server } of sessions.values()) {
      await transport.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    }
    sessions = new Map();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    addTool(name) {
      extraTools.push(name);
      for (const { server } of sessions.values()) addToolTo(server, name);
    },
    stop,
    restart: async () => {
      await listen(port);
    },
  };
}

if (process.argv.includes("--stdio")) {
  void buildServer([]).connect(new StdioServerTransport());
}
