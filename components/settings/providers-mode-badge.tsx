"use client";

import { useQuery } from "@tanstack/react-query";
import { Cloud, CloudCog, HardDrive } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { useTRPC } from "@/lib/trpc/react";
import type { DeploymentMode } from "@/server/providers/deployment-mode";

export const MODE_INFO: Record<DeploymentMode, { label: string; icon: typeof Cloud; explain: string }> = {
  local: {
    label: "Local",
    icon: HardDrive,
    explain: "Every enabled provider runs on this machine or network: prompts stay here.",
  },
  cloud: { label: "Cloud", icon: Cloud, explain: "Only cloud providers are enabled: prompts leave this network." },
  hybrid: {
    label: "Hybrid",
    icon: CloudCog,
    explain: "Local and cloud providers are enabled: prompts to cloud models leave this network.",
  },
};

/** Local / Cloud / Hybrid in the shell header, linking to Settings -> Providers. */
export function ProvidersModeBadge() {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.providers.mode.queryOptions(undefined, { staleTime: 30_000 }));
  if (!data) return null;
  const info = MODE_INFO[data.mode];
  const Icon = info.icon;
  const title = `${info.label}: ${info.explain}${data.providers.length ? ` Enabled: ${data.providers.map((p) => `${p.label} (${p.where})`).join(", ")}.` : ""}`;
  return (
    <Badge
      asChild
      variant={data.mode === "local" ? "success" : data.mode === "cloud" ? "warning" : "secondary"}
      className="hidden sm:inline-flex"
    >
      <Link
        href="/settings/providers"
        data-testid="provider-mode-badge"
        data-mode={data.mode}
        title={title}
        aria-label={`Provider mode: ${title}`}
      >
        <Icon aria-hidden />
        {info.label}
      </Link>
    </Badge>
  );
}
