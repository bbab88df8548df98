import { env } from "../env.js";
import { calcomOAuthConfig, type CalcomOAuthOptions } from "./calcom-oauth-config.js";

/** What we ask an owner to grant (reference/calcom.md §1.2). Booking writes themselves need no scope. */
export const CALCOM_SCOPES = ["EVENT_TYPE_READ", "BOOKING_READ", "BOOKING_WRITE", "SCHEDULE_READ", "PROFILE_READ"] as const;

/**
 * Where to send the owner's browser: CALCOM_APP_URL/auth/oauth2/authorize. `state` comes back with
 * the code; `codeChallenge` (S256) binds the code to our verifier.
 */
export function calcomAuthorizeUrl(
  request: { state: string; codeChallenge?: string },
  options: CalcomOAuthOptions & { appUrl?: string } = {},
): string {
  const { clientId, redirectUri } = calcomOAuthConfig(options);
  const url = new URL("/auth/oauth2/authorize", options.appUrl ?? env().CALCOM_APP_URL);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("state", request.state);
  url.searchParams.set("scope", CALCOM_SCOPES.join(" "));
  if (request.codeChallenge !== undefined) {
    url.searchParams.set("code_challenge", request.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  // Spaces as %20 rather than "+": the scope list is split on spaces by Cal.com.
  url.search = url.searchParams.toString().replace(/\+/g, "%20");
  return url.toString();
}
