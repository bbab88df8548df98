import { verifySupabaseAccessToken } from "../auth/verify-supabase-access-token.js";
import type { Member } from "../db/transport.js";
import { env } from "../env.js";
import { ApiError } from "./api-error.js";
import { bearerToken } from "./bearer-token.js";

const CHALLENGE = { headers: { "www-authenticate": 'Bearer realm="members"' } };

/**
 * Member routes: `Authorization: Bearer <the member's Supabase Auth access token>`, verified as
 * Supabase issues it. A header, never a cookie, so a cross-site page cannot make a browser send it;
 * never in a URL, so it is in no log.
 */
export async function requireMember(request: Request): Promise<Member> {
  const token = bearerToken(request.headers.get("authorization"));
  if (!token) throw new ApiError("unauthorized", "Authorization: send Bearer <the member's access token>", CHALLENGE);
  const { SUPABASE_URL, SUPABASE_JWT_SECRET } = env();
  if (!SUPABASE_URL) throw new ApiError("unavailable", "member sign-in is not configured: set SUPABASE_URL (and SUPABASE_JWT_SECRET for a project that signs with HS256)");
  const check = await verifySupabaseAccessToken(token, { supabaseUrl: SUPABASE_URL, jwtSecret: SUPABASE_JWT_SECRET });
  if (check.ok) return check.member;
  if (check.reason === "keys_unavailable") throw new ApiError("unavailable", "Supabase Auth's signing keys could not be fetched; try again shortly");
  throw new ApiError("unauthorized", check.reason === "expired" ? "Authorization: the session has expired; sign in again" : "Authorization: not a valid session", CHALLENGE);
}
