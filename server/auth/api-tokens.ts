import { createHash, randomBytes } from "node:crypto";
import { NotFoundError } from "@/lib/errors";
import {
  getApiTokenWithUserByHash,
  insertApiToken,
  listActiveApiTokensByUser,
  revokeApiTokenById,
  updateApiTokenLastUsedById,
} from "@/server/auth/store";

/**
 * API tokens for other programs (typed tRPC clients, scripts). The token is shown once; only
 * its SHA-256 is stored (a random 160-bit secret needs no slow hash) plus a prefix to list it by.
 * Format: lap_<8 char prefix>_<32 char secret>.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_RE = /^lap_([A-Za-z0-9]{8})_([A-Za-z0-9]{32})$/;

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken({ userId, name }: { userId: string; name: string }) {
  const prefix = randomString(8);
  const token = `lap_${prefix}_${randomString(32)}`;
  const row = await insertApiToken({ userId, name, prefix, tokenHash: hashToken(token) });
  return { ...row, token };
}

export async function listApiTokensByUser({ userId }: { userId: string }) {
  return listActiveApiTokensByUser({ userId });
}

export async function revokeApiToken({ userId, id }: { userId: string; id: string }) {
  if (!(await revokeApiTokenById({ id, userId }))) throw new NotFoundError("That token");
}

/** Returns the token's user, or null for a malformed, unknown or revoked token. */
export async function verifyApiToken(token: string) {
  if (!TOKEN_RE.test(token)) return null;
  const row = await getApiTokenWithUserByHash({ tokenHash: hashToken(token) });
  if (!row || row.revokedAt) return null;
  // Written at most once a minute so a busy client does not turn every read into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await updateApiTokenLastUsedById({ id: row.id, lastUsedAt: new Date() });
  }
  return row.user;
}
