import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/server/env";
import { registerSecretValue } from "@/lib/redact";

/**
 * Secrets the app needs but nobody should have to invent: created on first start in the data
 * directory (mode 0600), never committed, overridable by environment variables.
 */
export function keyFile(name: string, make: () => string): string {
  const dir = path.join(/*turbopackIgnore: true*/ env.DATA_DIR, "keys");
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, make(), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  chmodSync(file, 0o600);
  const value = readFileSync(file, "utf8").trim();
  registerSecretValue(value);
  return value;
}

function fileSecret(name: string, bytes: number): string {
  return keyFile(name, () => randomBytes(bytes).toString("base64"));
}

let authSecret: string | undefined;
let vaultKey: Buffer | undefined;

export function getAuthSecret(): string {
  authSecret ??= env.NEXTAUTH_SECRET ?? fileSecret("auth-secret", 48);
  registerSecretValue(authSecret);
  return authSecret;
}

/** The vault's AES-256 key; kept out of the database so a copied database alone reveals nothing. */
export function getVaultKey(): Buffer {
  if (!vaultKey) {
    const b64 = env.SECRETS_KEY ?? fileSecret("vault.key", 32);
    registerSecretValue(b64);
    vaultKey = Buffer.from(b64, "base64");
  }
  return vaultKey;
}

export function vaultKeyFile(): string {
  return path.join(/*turbopackIgnore: true*/ env.DATA_DIR, "keys", "vault.key");
}
