"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { TypedConfirmDialog } from "@/components/settings/tools-typed-confirm";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { TOOL_SWITCH_PHRASES, type ToolSwitch } from "@/lib/tools/switch-phrases";
import { FIELD_META } from "@/lib/settings/schema";
import { useTRPC } from "@/lib/trpc/react";

const WARNINGS: Record<ToolSwitch, string> = {
  networkEnabled:
    "Agents allowed to use web_fetch, web_search or MCP tools will reach the internet (and MCP servers) on their own. Private and local addresses stay refused unless you allow-list a host below.",
  shellEnabled:
    "Agents allowed to use the shell tool run commands on this machine, inside the workspace folder, after the user approves each call. A command can still do anything your account can do there.",
};

/** The internet and shell switches: on only after typing the phrase; off at once. */
export function ToolSwitches({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.settings.get.queryOptions());
  const [asking, setAsking] = useState<ToolSwitch | null>(null);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tools.list.queryKey() }),
    ]);
  const setSwitch = useMutation(
    trpc.tools.setSwitch.mutationOptions({
      onSuccess: async (_r, input) => {
        setAsking(null);
        toast.success(`${FIELD_META.tools[input.key].label} ${input.enabled ? "turned on" : "turned off"}`);
        await refresh();
      },
      onError: (err) => toast.error("The switch was not changed", { description: err.message }),
    }),
  );

  return (
    <Card data-testid="tool-switches">
      <CardHeader>
        <h2 className="leading-none font-semibold">Internet and shell</h2>
        <CardDescription>
          Both are off by default. Turning one on asks you to type a phrase; each agent still needs the tool on its
          allow-list.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {data?.security.safeMode && (
          <p
            role="status"
            data-testid="tools-safe-mode"
            className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm"
          >
            <ShieldAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>
              Safe Mode is on: internet, code and shell tools are off for every agent, whatever these switches say.{" "}
              <Link href="/settings/security" className="underline underline-offset-2">
                Security settings
              </Link>
            </span>
          </p>
        )}
        {!data ? (
          <Skeleton className="h-16 w-full" />
        ) : (
          <ul className="flex flex-col divide-y">
            {(Object.keys(TOOL_SWITCH_PHRASES) as ToolSwitch[]).map((key) => {
              const meta = FIELD_META.tools[key];
              const on = data.tools[key];
              return (
                <li key={key} className="flex items-start justify-between gap-4 py-3">
                  <div className="flex flex-col gap-1">
                    <label htmlFor={`tool-switch-${key}`} className="text-sm font-medium">
                      {meta.label}
                    </label>
                    <p className="text-sm text-muted-foreground">{meta.help}</p>
                  </div>
                  <Switch
                    id={`tool-switch-${key}`}
                    data-testid={`tool-switch-${key}`}
                    checked={on}
                    disabled={!canEdit || setSwitch.isPending}
                    onCheckedChange={(next) => (next ? setAsking(key) : setSwitch.mutate({ key, enabled: false }))}
                  />
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
      {asking && (
        <TypedConfirmDialog
          open
          title={`Turn on ${FIELD_META.tools[asking].label.toLowerCase()}?`}
          warning={<p>{WARNINGS[asking]}</p>}
          phrase={TOOL_SWITCH_PHRASES[asking]}
          confirmLabel="Turn on"
          pending={setSwitch.isPending}
          onConfirm={(typed) => setSwitch.mutate({ key: asking, enabled: true, confirmation: typed })}
          onCancel={() => setAsking(null)}
        />
      )}
    </Card>
  );
}
