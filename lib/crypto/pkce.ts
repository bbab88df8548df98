import { createHash, randomBytes } from "node:crypto";

/**
 * PKCE (RFC 7636) for the Cal.com authorization code flow. The verifier stays on our side (never in
 * the `state`, which travels through the browser next to the code); only the challenge is sent
 * to /auth/oauth2/authorize, and the verifier goes with the code to the token endpoint.
 */
export type PkcePair = { verifier: string; challenge: string; method: "S256" };

/** RFC 7636 §4.1: 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export function createPkcePair(): PkcePair {
  // §4.1 recommends 32 random octets, base64url-encoded: 43 characters, all unreserved.
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier), method: "S256" };
}

/** §4.2 S256: base64url(sha256(ASCII(verifier))) without padding. */
export function pkceChallenge(verifier: string): string {
  if (!VERIFIER_PATTERN.test(verifier)) throw new RangeError("a PKCE verifier must be 43–128 unreserved characters (RFC 7636 §4.1)");
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
