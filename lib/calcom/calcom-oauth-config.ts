import { env } from "../env.js";

export interface CalcomOAuthConfig {
  clientId: string;
  redirectUri: string;
  /** Set for a confidential client; without it the client is public and uses PKCE only. */
  clientSecret: string | undefined;
}

/** Lets a caller name the client instead of the environment (e.g. another Cal.com region's client). */
export interface CalcomOAuthOptions {
  client?: CalcomOAuthConfig;
}

/** The OAuth client from the environment; connecting accounts needs at least the id and redirect URI. */
export function calcomOAuthConfig(options: CalcomOAuthOptions = {}): CalcomOAuthConfig {
  if (options.client) return options.client;
  const { CALCOM_CLIENT_ID, CALCOM_REDIRECT_URI, CALCOM_CLIENT_SECRET } = env();
  if (!CALCOM_CLIENT_ID || !CALCOM_REDIRECT_URI) {
    throw new Error("Cal.com OAuth is not configured: set CALCOM_CLIENT_ID and CALCOM_REDIRECT_URI (see CALCOM_SETUP.md)");
  }
  return { clientId: CALCOM_CLIENT_ID, redirectUri: CALCOM_REDIRECT_URI, clientSecret: CALCOM_CLIENT_SECRET };
}
