import { randomBytes } from "node:crypto";
import type { ClientOptions } from "inngest";
import { env } from "@/server/env";
import { keyFile } from "@/server/runtime/generated-secrets";
import { newSigningKey } from "./signing";

/**
 * Which backend runs the Inngest functions. With none of INNGEST_BASE_URL / INNGEST_DEV /
 * INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY set, the embedded executor does, on its own loopback
 * port, with a signing key and an event key generated into the data directory (mode 0600).
 */
export function usesEmbeddedExecutor(): boolean {
  return !env.INNGEST_BASE_URL && !env.INNGEST_DEV && !env.INNGEST_SIGNING_KEY && !env.INNGEST_EVENT_KEY;
}

export interface EmbeddedKeys {
  signingKey: string;
  eventKey: string;
}

let keys: EmbeddedKeys | undefined;

export function embeddedKeys(): EmbeddedKeys {
  keys ??= {
    signingKey: keyFile("inngest-signing-key", newSigningKey),
    eventKey: keyFile("inngest-event-key", () => randomBytes(24).toString("hex")),
  };
  return keys;
}

export function embeddedExecutorUrl(): string {
  return `http://127.0.0.1:${env.EXECUTOR_PORT}/`;
}

/** Options for the app's Inngest client; a real Inngest server is configured by the SDK's own env. */
export function inngestClientOptions(): Pick<ClientOptions, "isDev" | "baseUrl" | "signingKey" | "eventKey"> {
  if (!usesEmbeddedExecutor()) return {};
  const { signingKey, eventKey } = embeddedKeys();
  return { isDev: false, baseUrl: embeddedExecutorUrl(), signingKey, eventKey };
}
