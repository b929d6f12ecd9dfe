import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Signing keys look like Inngest's: `signkey-<env>-<hex>`; the HMAC key is the part after the prefix. */
export function newSigningKey(): string {
  return `signkey-local-${randomBytes(32).toString("hex")}`;
}

function hmacKey(signingKey: string): string {
  return signingKey.replace(/^signkey-\w+-/, "");
}

/** `x-inngest-signature` for a canonical JSON body (design note §2.6). */
export function signBody(canonicalBody: string, signingKey: string, now = Date.now()): string {
  const t = Math.floor(now / 1000).toString();
  const s = createHmac("sha256", hmacKey(signingKey)).update(canonicalBody).update(t).digest("hex");
  return `t=${t}&s=${s}`;
}

/** Constant-time check of an event key or bearer token. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer token the SDK sends on API calls: the prefix plus sha256 of the hex-decoded key. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = /^signkey-\w+-/.exec(signingKey)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(hmacKey(signingKey), "hex"))
      .digest("hex")
  );
}
