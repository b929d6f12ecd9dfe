import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** ULIDs, like Inngest's run and event ids: sortable by creation time. */
export function ulid(now = Date.now(), bytes: Uint8Array = randomBytes(16)): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = "";
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}

/**
 * The id of the `index`th event of a send whose `x-inngest-event-id-seed` is "<ms>,<base64>": the
 * SDK keeps the seed across its own retries of one send, so a retried send stores nothing twice.
 */
export function seededEventId(seed: string, index: number): string | null {
  const m = /^(\d{1,15}),([A-Za-z0-9+/=]{4,64})$/.exec(seed);
  if (!m) return null;
  return ulid(Number(m[1]), createHash("sha256").update(`${m[2]}:${index}`).digest());
}
