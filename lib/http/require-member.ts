import { localSignInSecret, LOCAL_ISSUER } from "../auth/local-sign-in.js";
import { verifyAccessToken, type AccessTokenCheck } from "../auth/verify-access-token.js";
import { verifySupabaseAccessToken } from "../auth/verify-supabase-access-token.js";
import type { Member } from "../db/transport.js";
import { env } from "../env.js";
import { ApiError } from "./api-error.js";
import { bearerToken } from "./bearer-token.js";

const CHALLENGE = { headers: { "www-authenticate": 'Bearer realm="members"' } };

/**
 * Member routes: `Authorization: Bearer <the member's access token>`, verified as its issuer
 * issues it: Supabase Auth's, or, on npm start's embedded database only, the local sign-in's
 * (lib/auth/local-sign-in.ts). The two never both apply: local sign-in is off wherever Supabase is
 * configured. A header, never a cookie, so a cross-site page cannot make a browser send it; never
 * in a URL, so it is in no log.
 */
export async function requireMember(request: Request): Promise<Member> {
  const token = bearerToken(request.headers.get("authorization"));
  if (!token) throw new ApiError("unauthorized", "Authorization: send Bearer <the member's access token>", CHALLENGE);
  const check = await verify(token);
  if (check.ok) return check.member;
  if (check.reason === "keys_unavailable") throw new ApiError("unavailable", "Supabase Auth's signing keys could not be fetched; try again shortly");
  throw new ApiError("unauthorized", check.reason === "expired" ? "Authorization: the session has expired; sign in again" : "Authorization: not a valid session", CHALLENGE);
}

function verify(token: string): Promise<AccessTokenCheck> {
  const config = env();
  const localSecret = localSignInSecret(config);
  if (localSecret) return verifyAccessToken(token, { issuer: LOCAL_ISSUER, key: { secret: localSecret } });
  const { SUPABASE_URL, SUPABASE_JWT_SECRET } = config;
  if (!SUPABASE_URL) {
    throw new ApiError("unavailable", "member sign-in is not configured: set SUPABASE_URL (and SUPABASE_JWT_SECRET for a project that signs with HS256), or run npm start without a database for the local sign-in");
  }
  return verifySupabaseAccessToken(token, { supabaseUrl: SUPABASE_URL, jwtSecret: SUPABASE_JWT_SECRET });
}
