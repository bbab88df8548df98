import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Member } from "../db/transport.js";

/** Who issues the tokens and how they are signed. */
export interface AccessTokenSettings {
  /** The `iss` every token must carry. */
  issuer: string;
  /** A shared secret (HS256), or the URL of the issuer's published keys (ES256 or RS256). */
  key: { secret: string } | { jwksUrl: string };
}

export type AccessTokenCheck =
  | { ok: true; member: Member }
  | { ok: false; reason: "invalid" | "expired" | "keys_unavailable" };

/** The claims we rely on; Supabase sends more (email, aal, session_id…), all tolerated. */
const ClaimsSchema = z.looseObject({
  sub: z.uuid(),
  role: z.literal("authenticated"),
  exp: z.number(),
});

/** One key set per URL and process: jose caches the keys it fetched and refetches on a new kid. */
const keySets = new Map<string, JWTVerifyGetKey>();

/** Bounds a JWKS fetch: a sign-in check must not outlast the answer it gates. */
const JWKS_TIMEOUT_MS = 2_000;

/**
 * Verifies a signed-in user's access token with jose (never by hand): the algorithm pinned by the
 * key (HS256 with a secret, else ES256/RS256 with the published keys, so a token cannot choose how
 * it is checked), `exp` required and checked, `aud = authenticated`, the expected issuer, and a
 * uuid subject whose role is `authenticated`. Supabase Auth's tokens and the local sign-in's are
 * checked alike. The token is kept with the member: the Data API checks it again when the
 * member's queries go through it.
 */
export async function verifyAccessToken(token: string, { issuer, key }: AccessTokenSettings): Promise<AccessTokenCheck> {
  const options = { issuer, audience: "authenticated", requiredClaims: ["exp", "sub"] };
  try {
    const { payload } =
      "secret" in key
        ? await jwtVerify(token, new TextEncoder().encode(key.secret), { ...options, algorithms: ["HS256"] })
        : await jwtVerify(token, keySetAt(key.jwksUrl), { ...options, algorithms: ["ES256", "RS256"] });
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: "invalid" };
    return { ok: true, member: { userId: claims.data.sub, accessToken: token } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (error instanceof errors.JWKSTimeout || isKeyFetchFailure(error)) return { ok: false, reason: "keys_unavailable" };
    if (error instanceof errors.JOSEError) return { ok: false, reason: "invalid" };
    throw error;
  }
}

function keySetAt(url: string): JWTVerifyGetKey {
  let keys = keySets.get(url);
  if (!keys) keySets.set(url, (keys = createRemoteJWKSet(new URL(url), { timeoutDuration: JWKS_TIMEOUT_MS })));
  return keys;
}

/** The key set could not be had (unreachable, or not a key set): not the token's fault. */
function isKeyFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JOSEError) return error.code === "ERR_JOSE_GENERIC" || error.code === "ERR_JWKS_INVALID";
  return error instanceof TypeError;
}
