import { setSourceTools } from "@/server/ai/tools/registry";
import { type ConnectionTiming, DEFAULT_TIMING, McpConnection, type McpHealth } from "@/server/mcp/connection";
import { configFromRow, type McpServerConfig } from "@/server/mcp/mcp-config";
import { mcpToolDefinitions } from "@/server/mcp/mcp-tools";
import { listAllMcpServers } from "@/server/mcp/store";

/** How long a first sync waits for servers before tools are offered without them. */
const FIRST_SYNC_WAIT_MS = 5000;

/** The registry source of a server's tools. */
export const mcpSource = (name: string) => `mcp:${name}`;

/**
 * Keeps one connection per enabled MCP server, in step with the McpServer table, and mirrors
 * each server's tools into the tool registry.
 */
export class McpManager {
  private connections = new Map<string, McpConnection>();
  private firstSync: Promise<void> | null = null;

  constructor(private readonly timing: ConnectionTiming = DEFAULT_TIMING) {}

  private publish = (connection: McpConnection, tools: Parameters<typeof mcpToolDefinitions>[1]) => {
    // Ignore a stopped connection that reports late (its replacement owns the source now).
    if (this.connections.get(connection.config.id) !== connection) return;
    setSourceTools(mcpSource(connection.config.name), mcpToolDefinitions(connection, tools));
  };

  /** Connects new and changed servers, disconnects removed and disabled ones. */
  async sync(configs?: McpServerConfig[]): Promise<void> {
    const wanted = (configs ?? (await listAllMcpServers()).map(configFromRow)).filter((c) => c.enabled);
    const byId = new Map(wanted.map((c) => [c.id, c]));
    for (const [id, connection] of this.connections) {
      const next = byId.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(connection.config)) {
        this.connections.delete(id);
        await connection.stop();
        setSourceTools(mcpSource(connection.config.name), []);
      }
    }
    const starting: Promise<void>[] = [];
    for (const config of wanted) {
      if (this.connections.has(config.id)) continue;
      const connection = new McpConnection(config, this.timing, this.publish);
      this.connections.set(config.id, connection);
      starting.push(connection.start());
    }
    await Promise.all(starting);
  }

  /** The first call connects the stored servers (waiting a few seconds at most); later calls return at once. */
  ensureStarted(): Promise<void> {
    this.firstSync ??= Promise.race([
      this.sync(),
      new Promise<void>((resolve) => setTimeout(resolve, FIRST_SYNC_WAIT_MS).unref()),
    ]);
    return this.firstSync;
  }

  health(): McpHealth[] {
    return [...this.connections.values()].map((c) => c.health());
  }

  async stopAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((c) => c.stop()));
  }
}

const globalForMcp = globalThis as unknown as { __mcpManager?: McpManager };

/** The app's one manager (on globalThis: Next evaluates server modules once per entry). */
export function mcpManager(): McpManager {
  globalForMcp.__mcpManager ??= new McpManager();
  return globalForMcp.__mcpManager;
}

/**
 * Connects to a server once, lists its tools and disconnects: Settings → MCP "Test". Nothing is
 * stored or registered.
 */
export async function testMcpServer(
  config: McpServerConfig,
): Promise<{ ok: boolean; toolNames: string[]; error: string | null }> {
  const connection = new McpConnection(config, { ...DEFAULT_TIMING, failAfter: 1 }, () => undefined);
  try {
    await connection.start();
    return connection.status === "connected"
      ? { ok: true, toolNames: connection.tools.map((t) => t.name), error: null }
      : { ok: false, toolNames: [], error: connection.lastError };
  } finally {
    await connection.stop();
  }
}
