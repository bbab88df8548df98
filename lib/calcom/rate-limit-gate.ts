import { createHash } from "node:crypto";

/**
 * Remembers, per credential, until when Cal.com told us to stop (429). Cal.com blocks a credential
 * that keeps exceeding its limit and has locked accounts for it (reference/calcom.md §7), so while
 * a block lasts we refuse locally instead of calling again. In memory, per process: a serverless
 * instance forgets it on a cold start, which costs at most one more 429.
 *
 * Keys are SHA-256 hashes, so no token is kept here.
 */
const blockedUntil = new Map<string, number>();

export function credentialKey(credential: string): string {
  return createHash("sha256").update(credential).digest("hex");
}

/** Seconds left on the block for this key (rounded up), or undefined when calls may go out. */
export function rateLimitRemaining(key: string, now = Date.now()): number | undefined {
  const until = blockedUntil.get(key);
  if (until === undefined) return undefined;
  if (until <= now) {
    blockedUntil.delete(key);
    return undefined;
  }
  return Math.ceil((until - now) / 1000);
}

export function blockCredential(key: string, seconds: number, now = Date.now()): void {
  const until = now + seconds * 1000;
  blockedUntil.set(key, Math.max(until, blockedUntil.get(key) ?? 0));
  for (const [other, otherUntil] of blockedUntil) if (otherUntil <= now) blockedUntil.delete(other);
}
