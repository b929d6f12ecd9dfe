"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Loader2, XCircle } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { EMPTY_MCP_FORM, type McpFormValues, toMcpInput } from "@/components/settings/mcp-form-values";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/react";

/** Add or edit one MCP server; "Test" connects once with the typed values without saving. */
export function McpServerForm({
  id,
  initial = EMPTY_MCP_FORM,
  onDone,
}: {
  id?: string;
  initial?: McpFormValues;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [v, setV] = useState<McpFormValues>(initial);
  const set = <K extends keyof McpFormValues>(key: K, value: McpFormValues[K]) =>
    setV((prev) => ({ ...prev, [key]: value }));

  const done = async (message: string) => {
    toast.success(message);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.mcp.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tools.list.queryKey() }),
    ]);
    onDone();
  };
  const onError = (err: { message: string }) =>
    toast.error("The MCP server was not saved", { description: err.message });
  const create = useMutation(trpc.mcp.create.mutationOptions({ onSuccess: (s) => done(`Added ${s.name}`), onError }));
  const update = useMutation(trpc.mcp.update.mutationOptions({ onSuccess: (s) => done(`Saved ${s.name}`), onError }));
  const test = useMutation(
    trpc.mcp.test.mutationOptions({
      onError: (err) => toast.error("The test could not run", { description: err.message }),
    }),
  );
  const saving = create.isPending || update.isPending;

  return (
    <form
      data-testid="mcp-server-form"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const input = toMcpInput(v);
        if (id) update.mutate({ id, server: input });
        else create.mutate(input);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="mcp-name">Name</Label>
          <Input
            id="mcp-name"
            data-testid="mcp-name"
            value={v.name}
            placeholder="github"
            onChange={(e) => set("name", e.target.value)}
          />
          <p className="text-xs text-muted-foreground">Its tools are called mcp__{v.name || "name"}__tool.</p>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="mcp-transport">Transport</Label>
          <Select value={v.transport} onValueChange={(t) => set("transport", t as McpFormValues["transport"])}>
            <SelectTrigger id="mcp-transport" data-testid="mcp-transport">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="http">Streamable HTTP (URL)</SelectItem>
              <SelectItem value="stdio">Local command (stdio)</SelectItem>
            </SelectContent>
          </Select>
        </div>
      </div>
      {v.transport === "http" ? (
        <>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="mcp-url">URL</Label>
            <Input
              id="mcp-url"
              data-testid="mcp-url"
              value={v.url}
              placeholder="http://localhost:3001/mcp"
              onChange={(e) => set("url", e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="mcp-headers">Headers from the vault</Label>
            <Textarea
              id="mcp-headers"
              rows={2}
              value={v.headers}
              placeholder="Authorization: github-token"
              onChange={(e) => set("headers", e.target.value)}
            />
            <p className="text-xs text-muted-foreground">
              One per line: header name, a colon, and the name of a secret (Settings → Security). Values are never
              stored here.
            </p>
          </div>
        </>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="mcp-command">Command</Label>
            <Input
              id="mcp-command"
              data-testid="mcp-command"
              value={v.command}
              placeholder="npx"
              onChange={(e) => set("command", e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="mcp-args">Arguments</Label>
            <Textarea
              id="mcp-args"
              rows={2}
              value={v.args}
              placeholder={"-y\n@modelcontextprotocol/server-everything"}
              onChange={(e) => set("args", e.target.value)}
            />
            <p className="text-xs text-muted-foreground">One per line. The process gets no environment secrets.</p>
          </div>
        </div>
      )}
      <label htmlFor="mcp-enabled" className="flex items-center gap-2 text-sm">
        <Checkbox id="mcp-enabled" checked={v.enabled} onCheckedChange={(c) => set("enabled", c === true)} /> Enabled
      </label>
      {test.data && (
        <p role="status" data-testid="mcp-test-result" className="flex items-start gap-2 text-sm">
          {test.data.ok ? (
            <>
              <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-hidden /> Connected:{" "}
              {test.data.toolNames.length} tools ({test.data.toolNames.slice(0, 8).join(", ")}
              {test.data.toolNames.length > 8 ? ", …" : ""}).
            </>
          ) : (
            <>
              <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden /> Could not connect:{" "}
              {test.data.error}
            </>
          )}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button
          type="button"
          variant="outline"
          data-testid="mcp-test"
          disabled={test.isPending}
          onClick={() => test.mutate(toMcpInput(v))}
        >
          {test.isPending && <Loader2 className="animate-spin" aria-hidden />} {test.isPending ? "Testing…" : "Test"}
        </Button>
        <Button type="submit" data-testid="mcp-save" disabled={saving}>
          {saving ? "Saving…" : id ? "Save" : "Add server"}
        </Button>
      </div>
    </form>
  );
}
