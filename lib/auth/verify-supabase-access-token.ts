import { verifyAccessToken, type AccessTokenCheck } from "./verify-access-token.js";

export type { AccessTokenCheck } from "./verify-access-token.js";

/** Where a project's tokens come from and how they are signed. */
export interface SupabaseTokenSettings {
  /** The project URL (SUPABASE_URL): the issuer is `<url>/auth/v1`, its keys at `<issuer>/.well-known/jwks.json`. */
  supabaseUrl: string;
  /** The project's legacy JWT secret (HS256). Without it, tokens must be signed with one of the
   *  project's asymmetric signing keys (ES256 or RS256), read from its JWKS. */
  jwtSecret?: string | undefined;
}

/** A Supabase Auth access token, checked as the project issues it (see verifyAccessToken). */
export function verifySupabaseAccessToken(token: string, settings: SupabaseTokenSettings): Promise<AccessTokenCheck> {
  const issuer = `${settings.supabaseUrl.replace(/\/+$/, "")}/auth/v1`;
  const key = settings.jwtSecret ? { secret: settings.jwtSecret } : { jwksUrl: `${issuer}/.well-known/jwks.json` };
  return verifyAccessToken(token, { issuer, key });
}
