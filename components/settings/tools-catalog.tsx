"use client";

import { useQuery } from "@tanstack/react-query";
import { Wrench } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { RISK_LABELS, type ToolRisk } from "@/lib/tools/types";
import { useTRPC } from "@/lib/trpc/react";

const RISK_VARIANT: Record<ToolRisk, "secondary" | "outline" | "warning" | "destructive"> = {
  safe: "secondary",
  writes_files: "outline",
  network: "warning",
  code: "warning",
  shell: "destructive",
};

/** Every registered tool (built-in and MCP) with its risk class and whether it can run today. */
export function ToolsCatalog() {
  const trpc = useTRPC();
  const { data, error } = useQuery(trpc.tools.list.queryOptions());
  return (
    <Card data-testid="tools-catalog">
      <CardHeader>
        <h2 className="leading-none font-semibold">Registered tools</h2>
        <CardDescription>
          What agents can be given. An agent uses a tool only when it is on the agent&apos;s allow-list and not blocked
          here.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            The tools could not be loaded: {error.message}
          </p>
        ) : !data ? (
          <Skeleton className="h-32 w-full" />
        ) : data.length === 0 ? (
          <EmptyState
            icon={Wrench}
            title="No tools registered"
            description="Built-in tools appear here; add MCP servers to get more."
          />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Tool
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Risk
                  </th>
                  <th scope="col" className="hidden py-2 pr-3 font-medium md:table-cell">
                    Source
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.map((t) => (
                  <tr key={t.name} data-testid={`tool-row-${t.name}`} className="border-b align-top last:border-0">
                    <td className="py-2 pr-3">
                      <div className="font-mono text-xs break-all">{t.name}</div>
                      <div className="text-xs text-muted-foreground">{t.description}</div>
                    </td>
                    <td className="py-2 pr-3">
                      <div className="flex flex-col gap-1">
                        <Badge variant={RISK_VARIANT[t.risk]}>{RISK_LABELS[t.risk]}</Badge>
                        {t.needsApproval && <Badge variant="outline">Needs approval</Badge>}
                      </div>
                    </td>
                    <td className="hidden py-2 pr-3 text-xs text-muted-foreground md:table-cell">
                      {t.source === "builtin" ? "Built-in" : t.source.replace(/^mcp:/, "MCP: ")}
                    </td>
                    <td className="py-2 text-xs" data-testid={`tool-status-${t.name}`}>
                      {t.blockedBy ? (
                        <span className="text-muted-foreground">{t.blockedBy.split(". Do not call")[0]}</span>
                      ) : (
                        <Badge variant="success">Available</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
