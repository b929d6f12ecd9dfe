import { db, preparedStatement } from "@/server/db";
import { columnList } from "@/server/db/sql";

/** The ApiToken, LoginAttempt and RevokedSession tables (the User rows live in server/users/store.ts). */

export async function insertApiToken(data: { userId: string; name: string; prefix: string; tokenHash: string }) {
  return db.apiToken.create({ data, select: { id: true, name: true, prefix: true, createdAt: true } });
}

/** The user's tokens that are not revoked, newest first. */
export async function listActiveApiTokensByUser({ userId }: { userId: string }) {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/** Revokes the user's token; false when there is no such active token of theirs. */
export async function revokeApiTokenById({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}

// reads User (users): the token's owner, in the same query as the token.
export async function getApiTokenWithUserByHash({ tokenHash }: { tokenHash: string }) {
  return db.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: true },
  });
}

export async function updateApiTokenLastUsedById({ id, lastUsedAt }: { id: string; lastUsedAt: Date }) {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt } });
}

/** Failed sign-ins since `since` for an account and for an address. */
export async function countFailedLoginAttempts({ key, ip, since }: { key: string; ip: string; since: Date }) {
  const [byKey, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { key, ok: false, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { ip, ok: false, createdAt: { gte: since } } }),
  ]);
  return { byKey, byIp };
}

export async function insertLoginAttempt(data: { key: string; ip: string; ok: boolean }): Promise<void> {
  await db.loginAttempt.create({ data });
}

export async function deleteFailedLoginAttemptsByKey({ key }: { key: string }): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { key, ok: false } });
}

export async function deleteLoginAttemptsBefore({ before }: { before: Date }): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { createdAt: { lt: before } } });
}

// Read on every request that carries a session cookie, so prepared once.
const revokedSession = preparedStatement<[string]>(
  `SELECT 1 AS revoked FROM "RevokedSession" WHERE ${columnList("RevokedSession", ["sid"])} = ?`,
);

export async function isSessionRevoked({ sid }: { sid: string }): Promise<boolean> {
  return (await revokedSession()).get(sid) !== undefined;
}

/** Records a signed-out session until it would have expired; old records are dropped on the way. */
export async function insertRevokedSession({ sid, expiresAt }: { sid: string; expiresAt: Date }) {
  await db.$transaction([
    db.revokedSession.upsert({ where: { sid }, create: { sid, expiresAt }, update: {} }),
    db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
  ]);
}
