import { z } from "zod";
import { secretNameSchema } from "@/server/secrets/vault";

/** An MCP server's name is the namespace of its tools (mcp__<name>__<tool>), so "__" is excluded. */
export const mcpServerNameSchema = z
  .string()
  .trim()
  .min(1, "Give the server a name.")
  .max(32, "Use at most 32 characters.")
  .regex(
    /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/,
    "Use lower-case letters, digits and single - or _ between them, e.g. github or my-files.",
  );

const headerNameSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "Header names use letters, digits and -.");

export const mcpServerInputSchema = z
  .strictObject({
    name: mcpServerNameSchema,
    transport: z.enum(["stdio", "http"], { error: "Choose stdio or http." }),
    command: z.string().trim().max(500, "Use at most 500 characters.").optional(),
    args: z.array(z.string().max(1000)).max(50, "Use at most 50 arguments.").default([]),
    url: z.string().trim().max(500).optional(),
    // Header name -> name of a secret in the vault; values are never stored with the server.
    headers: z.record(headerNameSchema, secretNameSchema).default({}),
    enabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if (v.transport === "stdio" && !v.command)
      ctx.addIssue({
        code: "custom",
        path: ["command"],
        message: "Enter the command that starts the server, e.g. npx.",
      });
    if (v.transport === "http") {
      let ok = false;
      try {
        const u = new URL(v.url ?? "");
        ok = u.protocol === "http:" || u.protocol === "https:";
      } catch {
        ok = false;
      }
      if (!ok)
        ctx.addIssue({
          code: "custom",
          path: ["url"],
          message: "Enter the server's full http:// or https:// URL, e.g. http://localhost:3001/mcp.",
        });
    }
    if (Object.keys(v.headers).length > 20)
      ctx.addIssue({ code: "custom", path: ["headers"], message: "Use at most 20 headers." });
  });
export type McpServerInput = z.infer<typeof mcpServerInputSchema>;

/** What a connection needs; built from a stored row. */
export interface McpServerConfig {
  id: string;
  name: string;
  transport: "stdio" | "http";
  command: string | null;
  args: string[];
  url: string | null;
  headers: Record<string, string>;
  enabled: boolean;
}

export function configFromRow(row: {
  id: string;
  name: string;
  transport: string;
  command: string | null;
  args: string;
  url: string | null;
  headers: string;
  enabled: boolean;
}): McpServerConfig {
  const parse = <T>(json: string, fallback: T): T => {
    try {
      return JSON.parse(json) as T;
    } catch {
      return fallback;
    }
  };
  return {
    id: row.id,
    name: row.name,
    transport: row.transport === "stdio" ? "stdio" : "http",
    command: row.command,
    args: parse<string[]>(row.args, []),
    url: row.url,
    headers: parse<Record<string, string>>(row.headers, {}),
    enabled: row.enabled,
  };
}

/** "mcp__github__search_issues": safe for every provider (letters, digits, _ and -, at most 64). */
export function mcpToolName(server: string, tool: string): string {
  return `mcp__${server}__${tool.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 64);
}
