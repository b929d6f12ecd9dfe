import { describe, expect, it } from "vitest";
import { fromMcpServer, toMcpInput } from "@/components/settings/mcp-form-values";
import { mcpServerInputSchema } from "@/server/mcp/mcp-config";

describe("MCP form values", () => {
  it("turn header and argument lines into the server input and back", () => {
    const input = toMcpInput({
      name: " gh ",
      transport: "http",
      command: "x",
      args: "a",
      url: " http://h:1/mcp ",
      headers: "Authorization: gh-token\n\nX-Key : other:name\nbroken",
      enabled: true,
    });
    expect(input).toEqual({
      name: "gh",
      transport: "http",
      command: undefined,
      args: [],
      url: "http://h:1/mcp",
      headers: { Authorization: "gh-token", "X-Key": "other:name" },
      enabled: true,
    });
    // "other:name" is not a valid secret name: the server schema says so instead of storing it.
    expect(mcpServerInputSchema.safeParse(input).success).toBe(false);
    const stdio = toMcpInput({
      name: "fs",
      transport: "stdio",
      command: " npx ",
      args: "-y\n @pkg/server \n",
      url: "",
      headers: "A: b",
      enabled: false,
    });
    expect(stdio).toMatchObject({ command: "npx", args: ["-y", "@pkg/server"], url: undefined, headers: {} });
    expect(
      fromMcpServer({
        name: "fs",
        transport: "stdio",
        command: "npx",
        args: ["-y", "@pkg/server"],
        url: null,
        headers: {},
        enabled: false,
      }),
    ).toMatchObject({ args: "-y\n@pkg/server", enabled: false });
  });
});
