import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Member } from "../db/transport.js";

/** Where a project's tokens come from and how they are signed. */
export interface AccessTokenSettings {
  /** The project URL (SUPABASE_URL): the issuer is `<url>/auth/v1`, its keys at `<issuer>/.well-known/jwks.json`. */
  supabaseUrl: string;
  /** The project's legacy JWT secret (HS256). Without it, tokens must be signed with one of the
   *  project's asymmetric signing keys (ES256 or RS256), read from its JWKS. */
  jwtSecret?: string | undefined;
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

/** One key set per issuer and process: jose caches the keys it fetched and refetches on a new kid. */
const keySets = new Map<string, JWTVerifyGetKey>();

/** Bounds a JWKS fetch: a sign-in check must not outlast the answer it gates. */
const JWKS_TIMEOUT_MS = 2_000;

/**
 * Verifies a Supabase Auth access token as Supabase issues it, with jose (never by hand): the
 * algorithm pinned (HS256 with the project's secret, else ES256/RS256 with its published keys, so
 * a token cannot choose how it is checked), `exp` required and checked, `aud = authenticated`, the
 * project's issuer, and a uuid subject whose role is `authenticated`. The token is kept with the
 * member: the Data API checks it again when the member's queries go through it.
 */
export async function verifySupabaseAccessToken(token: string, settings: AccessTokenSettings): Promise<AccessTokenCheck> {
  const issuer = `${settings.supabaseUrl.replace(/\/+$/, "")}/auth/v1`;
  const options = { issuer, audience: "authenticated", requiredClaims: ["exp", "sub"] };
  try {
    const { payload } = settings.jwtSecret
      ? await jwtVerify(token, new TextEncoder().encode(settings.jwtSecret), { ...options, algorithms: ["HS256"] })
      : await jwtVerify(token, keySetOf(issuer), { ...options, algorithms: ["ES256", "RS256"] });
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

function keySetOf(issuer: string): JWTVerifyGetKey {
  let keys = keySets.get(issuer);
  if (!keys) keySets.set(issuer, (keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), { timeoutDuration: JWKS_TIMEOUT_MS })));
  return keys;
}

/** The key set could not be had (unreachable, or not a key set): not the token's fault. */
function isKeyFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JOSEError) return error.code === "ERR_JOSE_GENERIC" || error.code === "ERR_JWKS_INVALID";
  return error instanceof TypeError;
}
