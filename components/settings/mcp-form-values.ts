/** The MCP server form's text fields and their conversion to the tRPC input. */
export interface McpFormValues {
  name: string;
  transport: "stdio" | "http";
  command: string;
  /** One argument per line. */
  args: string;
  url: string;
  /** One "Header-Name: secret-name" per line. */
  headers: string;
  enabled: boolean;
}

export const EMPTY_MCP_FORM: McpFormValues = {
  name: "",
  transport: "http",
  command: "",
  args: "",
  url: "",
  headers: "",
  enabled: true,
};

export function toMcpInput(v: McpFormValues) {
  const headers: Record<string, string> = {};
  for (const line of v.headers.split("\n")) {
    const [header, ...rest] = line.split(":");
    if (header?.trim() && rest.join(":").trim()) headers[header.trim()] = rest.join(":").trim();
  }
  return {
    name: v.name.trim(),
    transport: v.transport,
    command: v.transport === "stdio" ? v.command.trim() : undefined,
    args:
      v.transport === "stdio"
        ? v.args
            .split("\n")
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    url: v.transport === "http" ? v.url.trim() : undefined,
    headers: v.transport === "http" ? headers : {},
    enabled: v.enabled,
  };
}

export function fromMcpServer(s: {
  name: string;
  transport: "stdio" | "http";
  command: string | null;
  args: string[];
  url: string | null;
  headers: Record<string, string>;
  enabled: boolean;
}): McpFormValues {
  return {
    name: s.name,
    transport: s.transport,
    command: s.command ?? "",
    args: s.args.join("\n"),
    url: s.url ?? "",
    headers: Object.entries(s.headers)
      .map(([h, secret]) => `${h}: ${secret}`)
      .join("\n"),
    enabled: s.enabled,
  };
}
