"use client";

import { type DynamicToolUIPart, getToolName, type ToolUIPart } from "ai";
import { Check, Loader2, ShieldQuestion, Wrench, X } from "lucide-react";
import { memo } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToolApproval } from "@/components/chat/tool-approval-context";

type Part = ToolUIPart | DynamicToolUIPart;
type Variant = "secondary" | "success" | "warning" | "destructive" | "outline";

/** The status a person reads, from the part's state and (once saved) the recorded ToolCall status. */
function statusOf(part: Part): { label: string; variant: Variant } {
  const recorded = (part.toolMetadata as { status?: string } | undefined)?.status;
  if (recorded === "denied") return { label: "refused", variant: "destructive" };
  switch (part.state) {
    case "input-streaming":
    case "input-available":
      return { label: "running", variant: "secondary" };
    case "approval-requested":
      return { label: "waits for approval", variant: "warning" };
    case "approval-responded":
      return part.approval.approved
        ? { label: "approved", variant: "secondary" }
        : { label: "rejected", variant: "destructive" };
    case "output-available":
      return { label: "done", variant: "success" };
    case "output-denied":
      return { label: "rejected", variant: "destructive" };
    case "output-error":
      return { label: recorded === "denied" ? "refused" : "error", variant: "destructive" };
  }
}

function show(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

const MAX_SHOWN = 4000;
const clip = (text: string) =>
  text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters)` : text;

/**
 * One tool call inside an answer: name, status and duration in the summary; arguments and
 * result when opened (collapsed by default). A call waiting for approval stays open with
 * Approve / Reject, since the answer cannot go on without the decision.
 */
export const ToolCallPart = memo(function ToolCallPart({ part }: { part: Part }) {
  const approval = useToolApproval();
  const name = getToolName(part);
  const status = statusOf(part);
  const durationMs = (part.toolMetadata as { durationMs?: number } | undefined)?.durationMs;
  const waiting = part.state === "approval-requested";
  const running = part.state === "input-streaming" || part.state === "input-available";
  const result =
    part.state === "output-available"
      ? show(part.output)
      : part.state === "output-error"
        ? part.errorText
        : part.state === "output-denied"
          ? (part.approval.reason ?? "The user rejected this call.")
          : "";

  return (
    <details
      open={waiting || undefined}
      className="my-2 rounded-md border bg-muted/40 text-sm"
      data-testid="tool-call"
      data-tool={name}
      data-state={part.state}
    >
      <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 select-none">
        {running ? (
          <Loader2 className="size-4 animate-spin" aria-hidden />
        ) : waiting ? (
          <ShieldQuestion className="size-4 text-warning" aria-hidden />
        ) : (
          <Wrench className="size-4" aria-hidden />
        )}
        <span className="font-mono text-xs">{name}</span>
        <Badge variant={status.variant} data-testid="tool-call-status">
          {status.label}
        </Badge>
        {durationMs !== undefined && (
          <span className="text-xs text-muted-foreground">
            {durationMs < 1000 ? `${durationMs} ms` : `${(durationMs / 1000).toFixed(1)} s`}
          </span>
        )}
      </summary>
      <div className="flex flex-col gap-2 border-t px-3 py-2">
        <div>
          <p className="text-xs font-medium text-muted-foreground">Arguments</p>
          <pre
            className="max-h-60 overflow-auto rounded bg-background p-2 text-xs whitespace-pre-wrap"
            data-testid="tool-call-input"
          >
            {clip(show(part.input)) || "{}"}
          </pre>
        </div>
        {result && (
          <div>
            <p className="text-xs font-medium text-muted-foreground">
              {part.state === "output-available" ? "Result" : "Why it did not run"}
            </p>
            <pre
              className="max-h-60 overflow-auto rounded bg-background p-2 text-xs whitespace-pre-wrap"
              data-testid="tool-call-output"
            >
              {clip(result)}
            </pre>
          </div>
        )}
        {waiting && approval && (
          <div className="flex flex-wrap items-center gap-2" data-testid="tool-approval">
            <span className="text-xs text-muted-foreground">The agent wants to run this tool. Allow it?</span>
            <Button
              size="sm"
              onClick={() => approval.decide(part.approval.id, true)}
              disabled={approval.deciding}
              data-testid="tool-approve"
            >
              <Check className="size-4" /> Approve
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() => approval.decide(part.approval.id, false)}
              disabled={approval.deciding}
              data-testid="tool-reject"
            >
              <X className="size-4" /> Reject
            </Button>
          </div>
        )}
      </div>
    </details>
  );
});
