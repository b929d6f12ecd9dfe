import { z } from "zod";
import { AppError, NotFoundError } from "@/lib/errors";
import { registerSecretValue } from "@/lib/redact";
import type { AuthUser } from "@/server/auth/session";
import { recordAudit } from "@/server/audit";
import { getVaultKey } from "@/server/runtime/generated-secrets";
import { open, seal } from "@/server/secrets/crypto";
import {
  deleteSecretByName,
  getSealedSecretByName,
  listSecretSummaries,
  type SealedSecret,
  secretExistsByName,
  upsertSecretByName,
} from "@/server/secrets/store";

/**
 * The secrets vault: values encrypted at rest with a key kept outside the database. Reads give
 * names and masked hints only; the plaintext leaves this module through getSecretValue (server
 * code, e.g. providers) and revealSecret (an admin, one secret at a time, audited). Every
 * plaintext that passes through is registered with the redactor, so it never reaches a log.
 */
export const secretNameSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/,
    "Use 2 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.",
  );

export const secretValueSchema = z
  .string()
  .min(1, "Enter the secret's value.")
  .max(8192, "Use at most 8192 characters.");

export interface SecretSummary {
  name: string;
  hint: string;
  updatedAt: Date;
}

type Actor = Pick<AuthUser, "id" | "email" | "role">;

const HINT_MIN_LENGTH = 12;

/** Shows the last four characters only when that leaves enough hidden to be safe. */
export function maskedHint(value: string): string {
  return value.length >= HINT_MIN_LENGTH ? `••••${value.slice(-4)}` : "••••";
}

function parseName(name: string): string {
  const parsed = secretNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `Secret name: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function decryptRow(row: SealedSecret): string {
  let value: string;
  try {
    value = open(getVaultKey(), row.name, row);
  } catch {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The secret "${row.name}" cannot be decrypted: the vault key is not the one it was saved with, or the stored value was altered. Restore the original key (DATA_DIR/keys/vault.key or SECRETS_KEY) or set the secret again.`,
    );
  }
  registerSecretValue(value);
  return value;
}

export async function setSecret(input: { actor: Actor | null; name: string; value: string }): Promise<SecretSummary> {
  const name = parseName(input.name);
  const valueCheck = secretValueSchema.safeParse(input.value);
  if (!valueCheck.success) throw new AppError("BAD_REQUEST", valueCheck.error.issues[0]!.message);
  const value = valueCheck.data;
  registerSecretValue(value);
  const sealed = seal(getVaultKey(), name, value);
  const data = { ...sealed, hint: maskedHint(value), updatedById: input.actor?.id ?? null };
  const existing = await secretExistsByName({ name });
  const row = await upsertSecretByName({ name, data });
  await recordAudit({ actor: input.actor, action: existing ? "secret.replace" : "secret.create", target: name });
  return row;
}

export async function listSecrets(): Promise<SecretSummary[]> {
  return listSecretSummaries();
}

/** For server code that uses the secret (a provider's API key); null when it is not set. */
export async function getSecretValue(name: string): Promise<string | null> {
  const row = await getSealedSecretByName({ name: parseName(name) });
  return row ? decryptRow(row) : null;
}

/** An admin looks at one secret; the reveal is audited (the value is not). */
export async function revealSecret(input: { actor: Actor; name: string }): Promise<{ name: string; value: string }> {
  if (input.actor.role !== "admin") throw new AppError("FORBIDDEN", "Only an admin can reveal a secret.");
  const name = parseName(input.name);
  const row = await getSealedSecretByName({ name });
  if (!row) throw new NotFoundError(`The secret "${name}"`);
  const value = decryptRow(row);
  await recordAudit({ actor: input.actor, action: "secret.reveal", target: name });
  return { name, value };
}

export async function deleteSecret(input: { actor: Actor | null; name: string }): Promise<void> {
  const name = parseName(input.name);
  if (!(await deleteSecretByName({ name }))) throw new NotFoundError(`The secret "${name}"`);
  await recordAudit({ actor: input.actor, action: "secret.delete", target: name });
}
