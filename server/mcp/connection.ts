import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "@/lib/errors";
import { logger } from "@/server/logger";
import { getSecretValue } from "@/server/secrets/vault";
import type { McpServerConfig } from "@/server/mcp/mcp-config";

export type McpStatus = "connecting" | "connected" | "reconnecting" | "failed";

export interface McpHealth {
  id: string;
  name: string;
  status: McpStatus;
  lastError: string | null;
  toolCount: number;
  attempts: number;
  connectedAt: Date | null;
}

export interface ConnectionTiming {
  /** How often a connected server is pinged; a failed ping starts reconnecting. */
  pingIntervalMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** After this many failed attempts in a row the status is "failed" (retries continue at the max backoff). */
  failAfter: number;
  connectTimeoutMs: number;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  pingIntervalMs: 15_000,
  baseBackoffMs: 1000,
  maxBackoffMs: 30_000,
  failAfter: 5,
  connectTimeoutMs: 10_000,
};

async function makeTransport(config: McpServerConfig): Promise<Transport> {
  if (config.transport === "stdio") {
    // getDefaultEnvironment passes only PATH, HOME and the like: the server's secrets stay here.
    return new StdioClientTransport({
      command: config.command ?? "",
      args: config.args,
      env: getDefaultEnvironment(),
      stderr: "pipe",
    });
  }
  const headers: Record<string, string> = {};
  for (const [header, secretName] of Object.entries(config.headers)) {
    const value = await getSecretValue(secretName);
    if (value === null)
      throw new AppError(
        "PRECONDITION_FAILED",
        `The secret "${secretName}" for header ${header} is not in the vault. Add it in Settings → Security.`,
      );
    headers[header] = value;
  }
  return new StreamableHTTPClientTransport(new URL(config.url ?? ""), { requestInit: { headers } });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One MCP server: connects, lists its tools, follows tools/list_changed, pings while connected
 * and reconnects with exponential backoff whenever the connection drops (the server restarted,
 * the process exited, a ping failed). onTools receives the current tool list, [] while down.
 */
export class McpConnection {
  status: McpStatus = "connecting";
  lastError: string | null = null;
  tools: Tool[] = [];
  attempts = 0;
  connectedAt: Date | null = null;
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly config: McpServerConfig,
    private readonly timing: ConnectionTiming,
    private readonly onTools: (connection: McpConnection, tools: Tool[]) => void,
  ) {}

  health(): McpHealth {
    return {
      id: this.config.id,
      name: this.config.name,
      status: this.status,
      lastError: this.lastError,
      toolCount: this.tools.length,
      attempts: this.attempts,
      connectedAt: this.connectedAt,
    };
  }

  /** Resolves after the first attempt, connected or not (later attempts run in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  private setTools(tools: Tool[]) {
    this.tools = tools;
    this.onTools(this, tools);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let client: Client | null = null;
    try {
      client = new Client(
        { name: "local-agent-platform", version: "0.1.0" },
        {
          listChanged: {
            tools: {
              debounceMs: 50,
              onChanged: (err, tools) => {
                if (this.client !== client) return;
                if (err) this.lastError = `Refreshing the tool list failed: ${err.message}`;
                else if (tools) {
                  logger.info("mcp", `MCP server ${this.config.name}: tool list changed (${tools.length} tools)`);
                  this.setTools(tools);
                }
              },
            },
          },
        },
      );
      const current = client;
      client.onclose = () => {
        if (this.client === current) this.dropped("The connection closed.");
      };
      await client.connect(await makeTransport(this.config), { timeout: this.timing.connectTimeoutMs });
      const { tools } = await client.listTools(undefined, { timeout: this.timing.connectTimeoutMs });
      if (this.stopped) {
        await client.close();
        return;
      }
      this.client = client;
      this.status = "connected";
      this.lastError = null;
      this.attempts = 0;
      this.connectedAt = new Date();
      this.setTools(tools);
      this.startPing();
      logger.info("mcp", `MCP server ${this.config.name} connected (${tools.length} tools)`);
    } catch (err) {
      this.lastError = message(err);
      await client?.close().catch(() => undefined);
      this.scheduleRetry();
    }
  }

  private startPing() {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      const client = this.client;
      if (!client) return;
      client.ping({ timeout: Math.max(1000, this.timing.pingIntervalMs) }).catch((err: unknown) => {
        if (this.client === client) this.dropped(`The server stopped answering: ${message(err)}`);
      });
    }, this.timing.pingIntervalMs);
    this.pingTimer.unref();
  }

  private stopPing() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private dropped(reason: string) {
    if (this.stopped || !this.client) return;
    const client = this.client;
    this.client = null;
    this.stopPing();
    this.lastError = reason;
    this.connectedAt = null;
    // Its tools leave the registry while it is down, so no model is offered a dead tool.
    this.setTools([]);
    void client.close().catch(() => undefined);
    logger.warn("mcp", `MCP server ${this.config.name} disconnected; reconnecting`, { reason });
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.stopped) return;
    this.attempts++;
    this.status = this.attempts >= this.timing.failAfter ? "failed" : "reconnecting";
    if (this.attempts === this.timing.failAfter)
      logger.error("mcp", `MCP server ${this.config.name} failed ${this.attempts} times in a row`, {
        lastError: this.lastError,
      });
    const delay = Math.min(this.timing.baseBackoffMs * 2 ** (this.attempts - 1), this.timing.maxBackoffMs);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  /** Calls a tool; a transport failure starts reconnecting and reads as a plain error. */
  async callTool(name: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number) {
    const client = this.client;
    if (!client)
      throw new AppError(
        "PRECONDITION_FAILED",
        `The MCP server ${this.config.name} is ${this.status}${this.lastError ? ` (${this.lastError})` : ""}; try again shortly.`,
      );
    try {
      return await client.callTool({ name, arguments: args }, undefined, { signal, timeout: timeoutMs });
    } catch (err) {
      if (!signal.aborted && this.client === client) {
        // A tool's own error arrives as a result with isError; a thrown error is the connection.
        client.ping({ timeout: 2000 }).catch(() => this.dropped(`A call failed: ${message(err)}`));
      }
      throw new AppError("BAD_REQUEST", `The MCP server ${this.config.name} could not run ${name}: ${message(err)}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopPing();
    const client = this.client;
    this.client = null;
    this.setTools([]);
    await client?.close().catch(() => undefined);
  }
}
