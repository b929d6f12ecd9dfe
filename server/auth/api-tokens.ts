import { createHash, randomBytes } from "node:crypto";
import { db } from "@/server/db";
import { NotFoundError } from "@/lib/errors";

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
  const row = await db.apiToken.create({
    data: { userId, name, prefix, tokenHash: hashToken(token) },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, token };
}

export async function listApiTokensByUser({ userId }: { userId: string }) {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiToken({ userId, id }: { userId: string; id: string }) {
  const { count } = await db.apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("That token");
}

/** Returns the token's user, or null for a malformed, unknown or revoked token. */
export async function verifyApiToken(token: string) {
  if (!TOKEN_RE.test(token)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: true },
  });
  if (!row || row.revokedAt) return null;
  // Written at most once a minute so a busy client does not turn every read into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.user;
}
