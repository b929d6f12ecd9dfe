import { isIP } from "node:net";
import { PROVIDER_LABELS, type ProviderKind } from "@/lib/ai/model-id";
import type { ProviderConfig } from "@/server/ai/provider-config";

export type Locality = "local" | "cloud";
export type DeploymentMode = "local" | "cloud" | "hybrid";

export interface EnabledProvider {
  provider: ProviderKind;
  label: string;
  locality: Locality;
  /** Why it counts as local or cloud, for the tooltip. */
  where: string;
}

export interface DeploymentSummary {
  mode: DeploymentMode;
  providers: EnabledProvider[];
}

function ipv4IsPrivate(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number) as [number, number];
  return (
    a === 127 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a === 0
  );
}

function ipv6IsPrivate(ip: string): boolean {
  const lower = ip.toLowerCase();
  if (lower === "::1" || lower === "::") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4IsPrivate(mapped[1]!);
  return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

const LAN_SUFFIXES = [".local", ".lan", ".internal", ".home.arpa", ".localhost"];

/**
 * Whether a URL stays on this machine or network: loopback, private and link-local addresses,
 * single-label host names and the usual LAN suffixes are local; anything else leaves the network.
 */
export function urlLocality(url: string): Locality {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return "cloud";
  }
  if (isIP(host) === 4) return ipv4IsPrivate(host) ? "local" : "cloud";
  if (isIP(host) === 6) return ipv6IsPrivate(host) ? "local" : "cloud";
  if (host === "localhost" || !host.includes(".")) return "local";
  return LAN_SUFFIXES.some((s) => host.endsWith(s)) ? "local" : "cloud";
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * Local, Cloud or Hybrid from what is enabled: Ollama (unless turned off) and each enabled
 * OpenAI-compatible endpoint by where their URL points, OpenRouter when a key is set, the
 * embedded provider when the models folder has a file. Nothing enabled counts as Local: no
 * prompt can leave the machine.
 */
export function deploymentSummary(config: ProviderConfig, embeddedModelCount: number): DeploymentSummary {
  const providers: EnabledProvider[] = [];
  const byUrl = (provider: ProviderKind, label: string, url: string) => {
    const locality = urlLocality(url);
    providers.push({
      provider,
      label,
      locality,
      where: `${hostOf(url)} (${locality === "local" ? "this machine or network" : "outside this network"})`,
    });
  };
  if (config.ollamaEnabled !== false) byUrl("ollama", PROVIDER_LABELS.ollama, config.ollamaUrl);
  for (const endpoint of config.endpoints.filter((e) => e.enabled)) byUrl("compat", endpoint.name, endpoint.baseUrl);
  if (config.openrouter.apiKey)
    providers.push({
      provider: "openrouter",
      label: PROVIDER_LABELS.openrouter,
      locality: "cloud",
      where: `${hostOf(config.openrouter.baseUrl)} (cloud)`,
    });
  if (embeddedModelCount > 0)
    providers.push({
      provider: "embedded",
      label: PROVIDER_LABELS.embedded,
      locality: "local",
      where: "in this app's process",
    });
  const places = new Set(providers.map((p) => p.locality));
  const mode: DeploymentMode = places.size === 2 ? "hybrid" : places.has("cloud") ? "cloud" : "local";
  return { mode, providers };
}
